//! The home page: every router at a glance, with its status, when it last answered, its
//! busiest interface and its total traffic. It refreshes itself; a failing router stands out.

use leptos::prelude::*;
use leptos_use::use_interval_fn;

use crate::app::Page;
use crate::error::AppError;
use crate::model::{RouterOrigin, RouterStatus, RouterSummary};
use crate::server_fns::get_fleet;
use crate::ui::format::format_rate;
use crate::ui::header::Header;
use crate::ui::session::to_login;

/// How often the overview refreshes. It reads what the servers have cached: no router waits.
const REFRESH_MS: u64 = 5_000;

pub fn status_words(status: RouterStatus) -> &'static str {
    match status {
        RouterStatus::Live => "live",
        RouterStatus::Stale => "stale",
        RouterStatus::Unreachable => "unreachable",
        RouterStatus::LoginRefused => "login refused",
        RouterStatus::Idle => "idle (not polled yet)",
    }
}

/// `hh:mm:ss UTC` of an RFC 3339 time, the same on the server and in the browser.
fn time_of_day(rfc3339: &str) -> String {
    rfc3339.get(11..19).map_or_else(|| rfc3339.to_owned(), |time| format!("{time} UTC"))
}

fn card(router: RouterSummary) -> impl IntoView {
    let status = router.status;
    let failing =
        matches!(status, RouterStatus::Unreachable | RouterStatus::LoginRefused | RouterStatus::Stale);
    let place = match router.origin {
        RouterOrigin::Demo => "demo router (simulated)".to_owned(),
        _ => format!("{}:{}{}", router.host, router.port, if router.tls { " (API-SSL)" } else { "" }),
    };
    let busiest = router.busiest.map(|(name, bps)| format!("{name}: {}", format_rate(Some(bps))));
    let totals = (router.total_rx_bps.is_some() || router.total_tx_bps.is_some()).then(|| {
        format!("RX {} · TX {}", format_rate(router.total_rx_bps), format_rate(router.total_tx_bps))
    });
    view! {
        <li class="router-card" class:failing=failing data-router=router.name.clone() data-status=status_words(status)>
            <h2>
                <a href=Page::router_path(&router.name)>{router.name.clone()}</a>
            </h2>
            <p class="router-place">{place}</p>
            <p class="router-status" data-testid="router-status">{status_words(status)}</p>
            <dl>
                <dt>"Last answer"</dt>
                <dd>{router.fetched_at.as_deref().map_or_else(|| "never".to_owned(), time_of_day)}</dd>
                <dt>"Busiest now"</dt>
                <dd>{busiest.unwrap_or_else(|| "–".to_owned())}</dd>
                <dt>"Physical ports"</dt>
                <dd>{totals.unwrap_or_else(|| "–".to_owned())}</dd>
            </dl>
            {router.error.map(|error| view! { <p class="router-error">{error}</p> })}
        </li>
    }
}

#[component]
pub fn FleetOverview() -> impl IntoView {
    let tick = RwSignal::new(0u32);
    use_interval_fn(move || tick.update(|n| *n = n.wrapping_add(1)), REFRESH_MS);
    // Blocking: the server renders the cards, so the page is useful before the WASM loads.
    let fleet = Resource::new_blocking(move || tick.get(), |_| get_fleet());

    let cards = move || {
        fleet.get().map(|result| match result {
            Err(AppError::Unauthorized) => {
                to_login();
                ().into_any()
            }
            Err(error) => view! { <p class="selector-error" role="alert">{format!("The server did not answer: {error}")}</p> }.into_any(),
            Ok(routers) => {
                let demo = routers.iter().any(|r| r.origin == RouterOrigin::Demo).then(|| {
                    view! {
                        <p class="demo-note">
                            "No router is configured: these are demo routers (simulated). Add yours in "
                            <a href="/settings/routers">"Router settings"</a>"."
                        </p>
                    }
                });
                view! {
                    {demo}
                    <ul class="fleet-list">{routers.into_iter().map(card).collect_view()}</ul>
                }
                .into_any()
            }
        })
    };
    view! {
        <Header />
        <main class="fleet">
            <h2 class="visually-hidden">"Routers"</h2>
            <Transition fallback=|| view! { <p>"Loading routers…"</p> }>{cards}</Transition>
        </main>
    }
    .into_any()
}
