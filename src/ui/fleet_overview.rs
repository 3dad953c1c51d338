//! The home page: every router at a glance, with its status, when it last answered, its
//! busiest interface and its total traffic. It refreshes itself; a failing router stands out.

use leptos::prelude::*;

use crate::app::Page;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale, Texts};
use crate::model::{RouterOrigin, RouterStatus, RouterSummary};
use crate::server_fns::get_fleet;
use crate::ui::browser_signals::every;
use crate::ui::format::format_rate;
use crate::ui::header::Header;
use crate::ui::rendered::rendered;
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

/// `hh:mm:ss UTC` of an RFC 3339 time (`hh.mm.ss` in Indonesian), the same on the server and
/// in the browser.
fn time_of_day(locale: Locale, rfc3339: &str) -> String {
    let time = rfc3339.get(11..19).map(|time| time.replace(':', &locale.time_separator().to_string()));
    time.map_or_else(|| rfc3339.to_owned(), |time| format!("{time} UTC"))
}

/// The status in the page's words.
fn status_text(status: RouterStatus, t: &Texts) -> &'static str {
    match status {
        RouterStatus::Live => t.status_live,
        RouterStatus::Stale => t.status_stale,
        RouterStatus::Unreachable => t.router_unreachable,
        RouterStatus::LoginRefused => t.status_login_refused,
        RouterStatus::Idle => t.status_idle,
    }
}

fn card(locale: Locale, router: RouterSummary) -> impl IntoView {
    let t = locale.texts();
    let status = router.status;
    let failing =
        matches!(status, RouterStatus::Unreachable | RouterStatus::LoginRefused | RouterStatus::Stale);
    let place = match router.origin {
        RouterOrigin::Demo => t.demo_router.to_owned(),
        _ => format!("{}:{}{}", router.host, router.port, if router.tls { " (API-SSL)" } else { "" }),
    };
    let busiest = router.busiest.map(|(name, bps)| format!("{name}: {}", format_rate(locale, Some(bps))));
    let totals = (router.total_rx_bps.is_some() || router.total_tx_bps.is_some()).then(|| {
        format!(
            "RX {} · TX {}",
            format_rate(locale, router.total_rx_bps),
            format_rate(locale, router.total_tx_bps)
        )
    });
    view! {
        <li class="router-card" class:failing=failing data-router=router.name.clone() data-status=status_words(status)>
            <h2>
                <a href=Page::router_path(&router.name)>{router.name.clone()}</a>
            </h2>
            <p class="router-place">{place}</p>
            <p class="router-status" data-testid="router-status">{status_text(status, t)}</p>
            <dl>
                <dt>{t.last_answer}</dt>
                <dd>{router.fetched_at.as_deref().map_or_else(|| t.never.to_owned(), |at| time_of_day(locale, at))}</dd>
                <dt>{t.busiest_now}</dt>
                <dd>{busiest.unwrap_or_else(|| "–".to_owned())}</dd>
                <dt>{t.physical_ports}</dt>
                <dd>{totals.unwrap_or_else(|| "–".to_owned())}</dd>
            </dl>
            {router.problem.map(|problem| view! { <p class="router-error">{t.problem(&problem)}</p> })}
        </li>
    }
}

#[component]
pub fn FleetOverview() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let tick = RwSignal::new(0u32);
    every(REFRESH_MS, move || tick.update(|n| *n = n.wrapping_add(1)));
    // Rendered: the server renders the cards, so the page is useful before the WASM loads.
    let fleet = rendered(move || tick.get(), |_| get_fleet());

    let cards = move || {
        fleet.get().map(|result| match result {
            Err(AppError::Unauthorized) => {
                to_login();
                ().into_any()
            }
            Err(error) => view! { <p class="selector-error" role="alert">{(t.server_did_not_answer)(&t.error(&error))}</p> }.into_any(),
            Ok(routers) => {
                let demo = routers.iter().any(|r| r.origin == RouterOrigin::Demo).then(|| {
                    view! {
                        <p class="demo-note">
                            {t.demo_note}
                            <a href="/settings/routers">{t.router_settings}</a>
                            "."
                        </p>
                    }
                });
                view! {
                    {demo}
                    <ul class="fleet-list">{routers.into_iter().map(|router| card(locale, router)).collect_view()}</ul>
                }
                .into_any()
            }
        })
    };
    view! {
        <Header />
        <main class="fleet">
            <h2 class="visually-hidden">{t.routers}</h2>
            <Transition fallback=move || view! { <p>{t.loading_routers}</p> }>{cards}</Transition>
        </main>
    }
    .into_any()
}
