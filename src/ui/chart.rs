//! The traffic chart: plotters drawing on a `<canvas>`, scaled by `devicePixelRatio`, redrawn
//! at most once per animation frame when the data, the size or the colour scheme changes.

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos_use::{use_element_size, use_preferred_dark};
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::ui::chart_window::ChartWindow;
use crate::ui::draw::{draw, Theme};
use crate::ui::format::format_rate;
use crate::ui::poll_loop::PollLoop;

/// Redraw durations kept for the median the page reports.
const TIMINGS_KEPT: usize = 64;

/// What a screen reader says for the chart: each interface's current rates.
fn describe(window: &ChartWindow) -> String {
    if window.is_empty() {
        return "Traffic chart: no data".to_owned();
    }
    let parts: Vec<String> = window
        .series()
        .iter()
        .map(|s| {
            let last = s.points.back();
            format!(
                "{}: RX {}, TX {}",
                s.name,
                format_rate(last.and_then(|p| p.rx_bps)),
                format_rate(last.and_then(|p| p.tx_bps))
            )
        })
        .collect();
    format!("Traffic chart, last minute. {}", parts.join("; "))
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

#[component]
pub fn TrafficChart(
    poll_loop: PollLoop,
    max_gap_ms: f64,
    #[prop(into)] overlay: Signal<Option<String>>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let size = use_element_size(canvas);
    let dark = use_preferred_dark();
    let readings = poll_loop.window;
    let status = poll_loop.status();
    let frame_pending = StoredValue::new(false);
    let redraw_ms = StoredValue::new(Vec::<f64>::new());
    let median_redraw = RwSignal::new(None::<f64>);

    let redraw = move || {
        frame_pending.set_value(false);
        let Some(canvas) = canvas.get_untracked() else { return };
        let started = window().performance().map(|p| p.now());
        let scale = window().device_pixel_ratio().max(1.0);
        let (width, height) = (size.width.get_untracked(), size.height.get_untracked());
        if width < 1.0 || height < 1.0 {
            return;
        }
        // The backing store in device pixels keeps lines and text sharp on high-DPI screens.
        canvas.set_width((width * scale).round() as u32);
        canvas.set_height((height * scale).round() as u32);
        let Some(backend) = CanvasBackend::with_canvas_object(canvas) else { return };
        let area = backend.into_drawing_area();
        let theme = if dark.get_untracked() { Theme::DARK } else { Theme::LIGHT };
        let drawn =
            readings.with_untracked(|h| draw(&area, h, poll_loop.now_ms(), max_gap_ms, &theme, scale));
        if let Err(error) = drawn.and_then(|()| area.present().map_err(|e| e.to_string())) {
            leptos::logging::warn!("chart drawing failed: {error}");
        }
        if let (Some(started), Some(ended)) = (started, window().performance().map(|p| p.now())) {
            redraw_ms.update_value(|timings| {
                timings.push(ended - started);
                let excess = timings.len().saturating_sub(TIMINGS_KEPT);
                timings.drain(..excess);
            });
            median_redraw.set(redraw_ms.with_value(|t| median(t)));
        }
    };

    // Data, size, colour scheme or a finished poll (time moves on): one redraw per frame.
    Effect::new(move || {
        readings.track();
        size.width.track();
        size.height.track();
        dark.track();
        status.track();
        if !frame_pending.get_value() {
            frame_pending.set_value(true);
            request_animation_frame(redraw);
        }
    });

    view! {
        <div class="chart-wrap">
            <canvas
                node_ref=canvas
                class="chart"
                role="img"
                aria-label=move || readings.with(describe)
                data-redraw-median-ms=move || median_redraw.get().map(|ms| format!("{ms:.3}"))
                data-points=move || readings.with(|h| h.series().iter().map(|s| s.points.len()).sum::<usize>())
            ></canvas>
            {move || overlay.get().map(|text| view! { <p class="chart-overlay">{text}</p> })}
        </div>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
