//! The dashboard page: header, controls and the monitor area.

use leptos::prelude::*;

use crate::api::get_dashboard_settings;
use crate::ui::header::Header;
use crate::ui::monitor_toggle::MonitorToggle;

#[component]
pub fn Dashboard() -> impl IntoView {
    // Blocking, so the router's name is in the server-rendered HTML, not filled in later.
    let settings = OnceResource::new_blocking(get_dashboard_settings());
    let router = Signal::derive(move || settings.get().and_then(Result::ok).map(|s| s.router));
    let monitoring = RwSignal::new(false);

    view! {
        <Suspense>
            <Header router />
        </Suspense>
        <main class="monitor">
            <section class="controls" aria-label="Monitor controls">
                <MonitorToggle monitoring />
                <p class="monitor-state" data-testid="monitor-state">
                    {move || if monitoring.get() { "Monitoring" } else { "Stopped" }}
                </p>
            </section>
        </main>
    }
}
