//! The HTML document and the root component, which picks the page by path.

use leptos::prelude::*;

use crate::i18n::{use_texts, Locale};

use crate::ui::dashboard::Dashboard;
use crate::ui::fleet_overview::FleetOverview;
use crate::ui::header::Header;
use crate::ui::router_settings::RouterSettingsPage;
use crate::ui::user_settings::UserSettingsPage;

/// The pages, by path. Links between them are plain links: each page is rendered whole on the
/// server, which keeps the shipped WASM free of a client-side router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/`: every router at a glance.
    Fleet,
    /// `/routers/NAME`: one router's live dashboard.
    Router(String),
    /// `/settings/routers`: add, edit and remove routers.
    RouterSettings,
    /// `/settings/users`: users for an admin, one's own password for everyone.
    UserSettings,
    NotFound,
}

impl Page {
    pub fn from_path(path: &str) -> Self {
        match path.trim_end_matches('/') {
            "" => Self::Fleet,
            "/settings/routers" => Self::RouterSettings,
            "/settings/users" => Self::UserSettings,
            other => match other.strip_prefix("/routers/") {
                Some(name) if !name.is_empty() && !name.contains('/') => Self::Router(name.to_owned()),
                _ => Self::NotFound,
            },
        }
    }

    /// The path of a router's page.
    pub fn router_path(name: &str) -> String {
        format!("/routers/{name}")
    }
}

/// The id of the message that a page's code did not load, or stopped on a panic.
pub const CODE_FAILED: &str = "code-failed";

/// The id of the message that the browser cannot run the page's code at all.
const NO_WEBASSEMBLY: &str = "no-webassembly";

/// The global that `hydrate` in lib.rs sets once our WASM runs: from then on it reports its
/// own failures (a chunk that does not load, a panic), and a rejection is none of ours.
pub const STARTED: &str = "routerosTrafficStarted";

/// Shows a message when a promise is rejected before our WASM runs: the loader's, when the
/// main module or its JS did not load (a network blip, a redeploy) or could not start. A
/// browser without WebAssembly (iOS in Lockdown Mode) gets a message of its own, since a reload
/// cannot help it. Written for old browsers too: one that cannot parse the module must still
/// parse this.
fn rejection_script() -> String {
    format!(
        "addEventListener('unhandledrejection', function () {{ \
             if (window.{STARTED}) return; \
             var id = typeof WebAssembly === 'undefined' ? '{NO_WEBASSEMBLY}' : '{CODE_FAILED}'; \
             var message = document.getElementById(id); \
             if (message) message.hidden = false; \
         }});"
    )
}

/// The document around the app, rendered on the server only. The head never changes, so it is
/// plain HTML here rather than leptos_meta components shipped to the browser.
pub fn shell(options: LeptosOptions, path: String, locale: Locale) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                // As inner HTML: a text node would bring a hydration marker, which in a title
                // is plain text. The title is a constant of the catalogue.
                <title inner_html=locale.texts().app_title></title>
                <link rel="stylesheet" id="leptos" href="/pkg/routeros-traffic.css" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <script inner_html=rejection_script()></script>
                <HydrationScripts options />
            </head>
            <body>
                <App path locale />
                // Shown by the WASM when a page's code fails to load or panics (`hydrate` in
                // lib.rs): the page would otherwise sit there, its controls dead, saying nothing.
                // After the app, where hydration never looks. `href=""` is this page again.
                <p id=CODE_FAILED class="code-failed" role="alert" hidden>
                    {locale.texts().code_failed}
                    " "
                    <a href="">{locale.texts().reload}</a>
                </p>
                <p id=NO_WEBASSEMBLY class="code-failed" role="alert" hidden>
                    {locale.texts().no_webassembly}
                </p>
            </body>
        </html>
    }
}

#[component]
pub fn App(path: String, locale: Locale) -> impl IntoView {
    provide_context(locale);
    match Page::from_path(&path) {
        Page::Fleet => view! { <FleetOverview /> }.into_any(),
        Page::Router(name) => view! { <Dashboard router=name /> }.into_any(),
        Page::RouterSettings => view! { <RouterSettingsPage /> }.into_any(),
        Page::UserSettings => view! { <UserSettingsPage /> }.into_any(),
        Page::NotFound => view! { <NotFound /> }.into_any(),
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_texts();
    view! {
        <Header />
        <main class="monitor">
            <p class="selector-error" role="alert">{t.no_such_page}</p>
            <p><a href="/">{t.all_routers}</a></p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_pick_the_page() {
        assert_eq!(Page::from_path("/"), Page::Fleet);
        assert_eq!(Page::from_path("/routers/core-1"), Page::Router("core-1".to_owned()));
        assert_eq!(Page::from_path("/routers/core-1/"), Page::Router("core-1".to_owned()));
        assert_eq!(Page::from_path("/settings/routers"), Page::RouterSettings);
        assert_eq!(Page::from_path("/settings/users"), Page::UserSettings);
        for path in ["/routers/", "/routers/a/b", "/nope", "/routersx/a"] {
            assert_eq!(Page::from_path(path), Page::NotFound, "{path}");
        }
    }
}
