//! The user settings page: an admin lists, adds, re-roles, resets and removes users; every
//! logged-in user changes their own password here.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::i18n::{use_texts, Texts};
use crate::json::JsonTextEncoding;
use crate::model::{Role, UserInfo};
use crate::server_fns::{change_password, get_viewer, list_users, remove_user, save_user};
use crate::ui::header::Header;
use crate::ui::hydrated::use_before_hydration;
use crate::ui::rendered::rendered_once;

/// What the server said to a form, in words: a refused field by its label where its words do
/// not name it (a password's problems say "password").
fn outcome_text(t: &Texts, result: Result<(), AppError>, done: &str) -> String {
    let words = |field: &str, problem| match field {
        "name" => format!("{}: {problem}", t.name),
        "role" => format!("{}: {problem}", t.role),
        _ => problem,
    };
    match result {
        Ok(()) => done.to_owned(),
        Err(AppError::InvalidFields(fields)) => {
            fields.iter().map(|f| words(&f.field, t.field_problem(&f.problem))).collect::<Vec<_>>().join("; ")
        }
        Err(other) => t.error(&other),
    }
}

#[component]
pub fn UserSettingsPage() -> impl IntoView {
    let t = use_texts();
    let viewer = rendered_once(get_viewer());
    let version = RwSignal::new(0u32);
    let users =
        Resource::<_, JsonTextEncoding>::new_with_options(move || version.get(), |_| list_users(), false);
    let before_hydration = use_before_hydration();
    let outcome = RwSignal::new(String::new());
    let (name, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let role = RwSignal::new(Role::Viewer);
    let changed = move |result: Result<(), AppError>, done: &str| {
        let ok = result.is_ok();
        outcome.set(outcome_text(t, result, done));
        if ok {
            version.update(|v| *v += 1);
        }
    };

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, pw) = (name.get_untracked(), password.get_untracked());
        spawn_local(async move {
            changed(save_user(user, role.get_untracked(), Some(pw)).await, t.saved);
            password.set(String::new());
        });
    };
    let row = move |user: UserInfo| {
        let (for_role, for_reset, for_remove) = (user.name.clone(), user.name.clone(), user.name.clone());
        let (keep, other) = (user.role, if user.role == Role::Admin { Role::Viewer } else { Role::Admin });
        let reset_to = RwSignal::new(String::new());
        view! {
            <tr data-user=user.name.clone()>
                <th scope="row">{user.name.clone()}</th>
                <td>{t.role_name(user.role)}</td>
                <td class="actions">
                    <button type="button" disabled=before_hydration on:click=move |_| {
                        let name = for_role.clone();
                        spawn_local(async move { changed(save_user(name, other, None).await, t.role_changed) });
                    }>{(t.make_role)(t.role_name(other))}</button>
                    <input type="password" disabled=before_hydration aria-label=(t.new_password_for)(&user.name) prop:value=move || reset_to.get()
                        on:input=move |ev| reset_to.set(event_target_value(&ev)) />
                    <button type="button" disabled=before_hydration on:click=move |_| {
                        let (name, pw) = (for_reset.clone(), reset_to.get_untracked());
                        spawn_local(async move { changed(save_user(name, keep, Some(pw)).await, t.password_reset_done) });
                    }>{t.reset_password}</button>
                    <button type="button" class="danger" disabled=before_hydration on:click=move |_| {
                        let name = for_remove.clone();
                        spawn_local(async move { changed(remove_user(name).await, t.removed_done) });
                    }>{(t.remove_named)(&user.name)}</button>
                </td>
            </tr>
        }
    };
    let admin_part = move || {
        let is_admin =
            viewer.get().and_then(Result::ok).is_some_and(|v| v.role == Role::Admin && v.name.is_some());
        is_admin.then(|| {
            view! {
                <h2>{t.users}</h2>
                <Transition>
                    {move || users.get().and_then(Result::ok).map(|list| view! {
                        <table class="router-table">
                            <thead><tr><th scope="col">{t.name}</th><th scope="col">{t.role}</th><th scope="col">{t.actions}</th></tr></thead>
                            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    })}
                </Transition>
                <form class="router-form" aria-label=t.add_a_user on:submit=add>
                    <h3>{t.add_a_user}</h3>
                    <p class="field"><label for="new-user">{t.name}</label>
                        <input id="new-user" disabled=before_hydration prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) /></p>
                    <p class="field"><label for="new-user-password">{t.password_min}</label>
                        <input id="new-user-password" type="password" disabled=before_hydration autocomplete="new-password" prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev)) /></p>
                    <p class="field"><label>
                        <input type="checkbox" disabled=before_hydration prop:checked=move || role.get() == Role::Admin
                            on:change=move |ev| role.set(if event_target_checked(&ev) { Role::Admin } else { Role::Viewer }) />
                        " "{t.admin_role}</label></p>
                    <p><button type="submit" disabled=before_hydration>{t.add_user}</button></p>
                </form>
            }
        })
    };

    let (current, new) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (old, fresh) = (current.get_untracked(), new.get_untracked());
        spawn_local(async move {
            outcome.set(outcome_text(t, change_password(old, fresh).await, t.password_changed))
        });
    };
    let own_part = move || {
        viewer.get().and_then(Result::ok).and_then(|v| v.name).map(|_| view! {
            <form class="router-form" aria-label=t.change_your_password on:submit=change>
                <h3>{t.change_your_password}</h3>
                <p class="field"><label for="current-password">{t.current_password}</label>
                    <input id="current-password" type="password" disabled=before_hydration autocomplete="current-password" prop:value=move || current.get()
                        on:input=move |ev| current.set(event_target_value(&ev)) /></p>
                <p class="field"><label for="fresh-password">{t.new_password_min}</label>
                    <input id="fresh-password" type="password" disabled=before_hydration autocomplete="new-password" prop:value=move || new.get()
                        on:input=move |ev| new.set(event_target_value(&ev)) /></p>
                <p><button type="submit" disabled=before_hydration>{t.change_password}</button></p>
            </form>
        })
    };

    view! {
        <Header />
        <main class="settings">
            <Suspense>{admin_part}{own_part}</Suspense>
            <p class="form-outcome" role="status" data-testid="users-outcome">{move || outcome.get()}</p>
        </main>
    }
    .into_any()
}
