//! The page header: the product name, the way between pages, who is logged in and, on a
//! router's page, which router it shows.

use leptos::prelude::*;

use crate::i18n::{use_locale, Locale, Texts};
use crate::model::{Role, RouterLabel, Viewer};
use crate::server_fns::get_viewer;
use crate::ui::hydrated::use_before_hydration;
use crate::ui::rendered::rendered_once;

/// Who is looking, and the way out; or, while no user exists, that anyone on this machine can.
fn viewer_line(viewer: Viewer, t: &'static Texts) -> impl IntoView {
    match viewer.name {
        Some(name) => view! {
            <form class="who" method="post" action="/logout">
                <span data-testid="who">{format!("{name} ({})", t.role_name(viewer.role))}</span>
                <button type="submit">{t.log_out}</button>
            </form>
        }
        .into_any(),
        None => view! {
            <p class="open-banner" role="note">
                {t.no_login_before}
                <code>"routeros-traffic users add NAME --role admin --password-stdin"</code>
                {t.no_login_after}
            </p>
        }
        .into_any(),
    }
}

/// The language switch. The choice is kept in a cookie for a year, and the page is loaded again
/// in it: the server renders every page in the language it was asked for.
fn language_switch(locale: Locale, t: &'static Texts) -> impl IntoView {
    let before_hydration = use_before_hydration();
    let choose = move |ev: leptos::ev::Event| {
        let Some(chosen) = Locale::from_tag(&event_target_value(&ev)) else { return };
        // `document.cookie = …`, which web-sys offers only on HtmlDocument.
        let _ = js_sys::Reflect::set(&document(), &"cookie".into(), &chosen.cookie().into());
        let _ = window().location().reload();
    };
    view! {
        <label class="language">
            {t.language}
            " "
            <select on:change=choose disabled=before_hydration>
                {Locale::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.tag() selected=option == locale lang=option.tag()>
                                {option.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn Header(#[prop(optional, into)] router: Option<Signal<Option<RouterLabel>>>) -> impl IntoView {
    // Who is looking is part of the server-rendered page.
    let viewer = rendered_once(get_viewer());
    let locale = use_locale();
    let t = locale.texts();
    let router_line = router.map(|router| {
        let label = move || match router.get() {
            Some(router) if router.simulated => format!("{}: {}", router.name, t.demo_router),
            Some(router) => router.to_string(),
            None => t.router_unknown.to_owned(),
        };
        view! {
            <p class="router" class:router-missing=move || router.with(Option::is_none)>
                <span class="router-caption">{t.router_label}": "</span>
                <span data-testid="router-label">{label}</span>
            </p>
        }
    });
    let admin = move || viewer.get().and_then(Result::ok).is_some_and(|v| v.role == Role::Admin);
    let logged_in = move || viewer.get().and_then(Result::ok).is_some_and(|v| v.name.is_some());
    view! {
        <header class="site-header">
            <h1>{t.app_title}</h1>
            <nav class="site-nav" aria-label=t.pages>
                <a href="/">{t.all_routers}</a>
                <Suspense>
                    {move || admin().then(|| view! { <a href="/settings/routers">{t.router_settings}</a> })}
                    {move || logged_in().then(|| view! { <a href="/settings/users">{if admin() { t.users } else { t.your_password }}</a> })}
                </Suspense>
            </nav>
            {language_switch(locale, t)}
            <Suspense>{move || viewer.get().and_then(Result::ok).map(|viewer| viewer_line(viewer, t))}</Suspense>
            {router_line}
        </header>
    }
}
