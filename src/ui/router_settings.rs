//! The router settings page: the stored routers with Edit and Remove, and a form to add or
//! change one, with "Test connection". The password field is write-only: the page never gets
//! a password, and leaving the field empty on edit keeps the stored one. The server checks
//! every field; its messages appear next to the fields.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::i18n::{use_texts, Texts};
use crate::model::{Role, RouterInput, RouterOrigin, RouterSummary};
use crate::server_fns::{get_fleet, get_router_form, get_viewer, remove_router, save_router, test_router};
use crate::ui::header::Header;
use crate::ui::hydrated::use_before_hydration;
use crate::ui::rendered::{rendered, rendered_once};

/// What the form is for: a new router, or the stored one of that name.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    New,
    Stored(String),
}

#[component]
pub fn RouterSettingsPage() -> impl IntoView {
    let t = use_texts();
    let version = RwSignal::new(0u32);
    let routers = rendered(move || version.get(), |_| get_fleet());
    let editing = RwSignal::new(None::<Editing>);
    let before_hydration = use_before_hydration();
    let changed = Callback::new(move |()| {
        editing.set(None);
        version.update(|v| *v += 1);
    });

    let rows = move || {
        routers.get().map(|result| match result {
            Err(error) => view! { <p class="selector-error" role="alert">{(t.server_did_not_answer)(&t.error(&error))}</p> }.into_any(),
            Ok(list) => view! {
                <table class="router-table">
                    <thead>
                        <tr>
                            <th scope="col">{t.name}</th>
                            <th scope="col">{t.address}</th>
                            <th scope="col">{t.defined_by}</th>
                            <th scope="col">{t.actions}</th>
                        </tr>
                    </thead>
                    <tbody>{list.into_iter().map(|router| router_row(t, router, editing, changed, before_hydration)).collect_view()}</tbody>
                </table>
            }
            .into_any(),
        })
    };

    let viewer = rendered_once(get_viewer());
    let not_admin = move || viewer.get().and_then(Result::ok).is_some_and(|v| v.role != Role::Admin);
    view! {
        <Header />
        <main class="settings">
            <h2>{t.routers}</h2>
            <Suspense>
                {move || not_admin().then(|| view! { <p class="selector-error" role="alert">{t.only_admin_routers}</p> })}
            </Suspense>
            <Transition fallback=move || view! { <p>{t.loading_routers}</p> }>{rows}</Transition>
            <button
                type="button"
                class="add-router"
                disabled=before_hydration
                on:click=move |_| editing.set(Some(Editing::New))
            >
                {t.add_router}
            </button>
            {move || editing.get().map(|what| view! { <RouterForm what done=changed cancel=Callback::new(move |()| editing.set(None)) /> })}
        </main>
    }
    .into_any()
}

/// A stored router's row. Its buttons wait for the WASM (`before_hydration`): the server renders the
/// table, and a click before hydration would be lost.
fn router_row(
    t: &'static Texts,
    router: RouterSummary,
    editing: RwSignal<Option<Editing>>,
    changed: Callback<()>,
    before_hydration: Signal<bool>,
) -> impl IntoView {
    let name = router.name.clone();
    let confirming = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let actions = match router.origin {
        RouterOrigin::Database => {
            let (edit_name, remove_name) = (name.clone(), name.clone());
            let remove = move |_| {
                let name = remove_name.clone();
                spawn_local(async move {
                    match remove_router(name).await {
                        Ok(()) => changed.run(()),
                        Err(error) => failure.set(Some(t.error(&error))),
                    }
                })
            };
            view! {
                <button
                    type="button"
                    disabled=before_hydration
                    on:click=move |_| editing.set(Some(Editing::Stored(edit_name.clone())))
                >
                    {(t.edit_named)(&name)}
                </button>
                <button
                    type="button"
                    disabled=before_hydration
                    class:hidden=move || confirming.get()
                    on:click=move |_| confirming.set(true)
                >
                    {(t.remove_named)(&name)}
                </button>
                <span class:hidden=move || !confirming.get()>
                    <button type="button" class="danger" disabled=before_hydration on:click=remove>
                        {(t.really_remove)(&name)}
                    </button>
                    <button type="button" disabled=before_hydration on:click=move |_| confirming.set(false)>
                        {t.keep_it}
                    </button>
                </span>
                {move || failure.get().map(|f| view! { <span class="field-error">{f}</span> })}
            }
            .into_any()
        }
        RouterOrigin::Environment => view! { <span>{t.set_by_env}</span> }.into_any(),
        RouterOrigin::Demo => view! { <span>{t.built_in_demo}</span> }.into_any(),
    };
    let origin = match router.origin {
        RouterOrigin::Database => t.origin_database,
        RouterOrigin::Environment => t.origin_environment,
        RouterOrigin::Demo => t.origin_demo,
    };
    view! {
        <tr data-router=router.name.clone()>
            <th scope="row">{router.name.clone()}</th>
            <td>{format!("{}:{}", router.host, router.port)}</td>
            <td>{origin}</td>
            <td class="actions">{actions}</td>
        </tr>
    }
}

/// What the server refused, field by field, in the page's words.
type FieldMessages = RwSignal<Vec<(String, String)>>;

/// The words for `field`, while the server refuses it.
fn message_for(errors: FieldMessages, field: &'static str) -> impl Fn() -> Option<String> + Copy {
    move || errors.with(|all| all.iter().find(|(f, _)| f == field).map(|(_, words)| words.clone()))
}

/// One text field with its label and, when the server refused it, the message beside it.
fn text_field(
    label: &'static str,
    field: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
    errors: FieldMessages,
) -> impl IntoView {
    let id = format!("router-{field}");
    let error_id = format!("router-{field}-error");
    let message = message_for(errors, field);
    view! {
        <p class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=field
                type=kind
                autocomplete="off"
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <span class="field-error" id=error_id>{message}</span>
        </p>
    }
}

#[component]
fn RouterForm(what: Editing, done: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let t = use_texts();
    let original = match &what {
        Editing::New => None,
        Editing::Stored(name) => Some(name.clone()),
    };
    let [name, host, port, user, password, fingerprint, ca_pem] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let (tls, insecure) = (RwSignal::new(false), RwSignal::new(false));
    let errors: FieldMessages = RwSignal::new(Vec::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);

    if let Some(stored) = original.clone() {
        spawn_local(async move {
            match get_router_form(stored).await {
                Ok(input) => {
                    name.set(input.name);
                    host.set(input.host);
                    port.set(input.port.map(|p| p.to_string()).unwrap_or_default());
                    user.set(input.user.unwrap_or_default());
                    tls.set(input.tls);
                    fingerprint.set(input.tls_fingerprint.unwrap_or_default());
                    ca_pem.set(input.tls_ca_pem.unwrap_or_default());
                    insecure.set(input.tls_insecure_skip_verify);
                }
                Err(error) => outcome.set(Some(Err(t.error(&error)))),
            }
        });
    }

    // The form as the server takes it; a port that is not a number is the server's to refuse.
    let input = move || {
        let optional = |text: String| (!text.trim().is_empty()).then_some(text);
        RouterInput {
            name: name.get_untracked().trim().to_owned(),
            host: host.get_untracked(),
            port: optional(port.get_untracked()).map(|p| p.trim().parse().unwrap_or(0)),
            user: optional(user.get_untracked()),
            // Not trimmed: a password of spaces is a password.
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
            tls: tls.get_untracked(),
            tls_fingerprint: optional(fingerprint.get_untracked()),
            tls_ca_pem: optional(ca_pem.get_untracked()),
            tls_insecure_skip_verify: insecure.get_untracked(),
        }
    };
    let failed = move |error: AppError| match error {
        AppError::InvalidFields(fields) => {
            errors.set(fields.into_iter().map(|f| (f.field, t.field_problem(&f.problem))).collect());
            outcome.set(Some(Err(t.fields_need_change.to_owned())));
        }
        // Every conflict a router form meets is about its name.
        AppError::Conflict(conflict) => {
            let words = t.conflict(&conflict);
            errors.set(vec![("name".to_owned(), words.clone())]);
            outcome.set(Some(Err(words)));
        }
        other => outcome.set(Some(Err(t.error(&other)))),
    };
    let original_for_save = original.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (original, input) = (original_for_save.clone(), input());
        busy.set(true);
        spawn_local(async move {
            match save_router(original, input).await {
                Ok(()) => done.run(()),
                Err(error) => failed(error),
            }
            busy.set(false);
        });
    };
    let test = move |_| {
        let (original, input) = (original.clone(), input());
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            match test_router(original, input).await {
                Ok(found) => {
                    errors.set(Vec::new());
                    let board = found.board.map(|b| format!(", {b}")).unwrap_or_default();
                    outcome
                        .set(Some(Ok((t.connected)(&found.identity, &format!("{}{board}", found.version)))));
                }
                Err(error) => failed(error),
            }
            busy.set(false);
        });
    };
    let title = match &what {
        Editing::New => t.add_a_router.to_owned(),
        Editing::Stored(name) => (t.edit_named)(name),
    };
    let heading = title.clone();
    let password_hint = match &what {
        Editing::New => t.password,
        Editing::Stored(_) => t.password_keep,
    };

    view! {
        <form class="router-form" aria-label=title.clone() on:submit=save>
            <h3>{heading}</h3>
            {text_field(t.name, "name", "text", name, errors)}
            {text_field(t.host_field, "host", "text", host, errors)}
            {text_field(t.port_field, "port", "text", port, errors)}
            {text_field(t.user_field, "user", "text", user, errors)}
            {text_field(password_hint, "password", "password", password, errors)}
            <p class="field">
                <label>
                    <input type="checkbox" prop:checked=move || tls.get() on:change=move |ev| tls.set(event_target_checked(&ev)) />
                    " "
                    {t.api_ssl}
                </label>
                <span class="field-error">{message_for(errors, "tls")}</span>
            </p>
            <div class:hidden=move || !tls.get()>
                {text_field(t.fingerprint_field, "tls_fingerprint", "text", fingerprint, errors)}
                <p class="field">
                    <label for="router-tls_ca_pem">{t.ca_field}</label>
                    <textarea id="router-tls_ca_pem" rows="4" prop:value=move || ca_pem.get() on:input=move |ev| ca_pem.set(event_target_value(&ev))></textarea>
                    <span class="field-error">{message_for(errors, "tls_ca_pem")}</span>
                </p>
                <p class="field">
                    <label>
                        <input type="checkbox" prop:checked=move || insecure.get() on:change=move |ev| insecure.set(event_target_checked(&ev)) />
                        " "
                        {t.no_verification}
                    </label>
                </p>
            </div>
            <p class="form-actions">
                <button type="submit" disabled=move || busy.get()>{t.save}</button>
                <button type="button" disabled=move || busy.get() on:click=test>{t.test_connection}</button>
                <button type="button" on:click=move |_| cancel.run(())>{t.cancel}</button>
            </p>
            <p class="form-outcome" role="status" data-testid="form-outcome" class:failed=move || matches!(outcome.get(), Some(Err(_)))>
                {move || outcome.get().map(|o| o.unwrap_or_else(|e| e))}
            </p>
        </form>
    }
    .into_any()
}
