//! The traffic chart: plotters drawing on a `<canvas>`, scaled by `devicePixelRatio`, redrawn
//! at most once per animation frame when the data, the axis, the size or the colour scheme
//! changes. Its rates are on a linear or a logarithmic scale (`rate_axis`). Dragging across it zooms into that span; "Save PNG" saves it as drawn.

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::i18n::{use_locale, Locale};
use crate::ui::boxed_effects::effect;
use crate::ui::browser_signals::{content_size, prefers_dark};
use crate::ui::chart_window::ChartWindow;
use crate::ui::draw::{draw, Dashes, Frame, Theme, TimeAxis};
use crate::ui::format::format_rate;
use crate::ui::hydrated::use_before_hydration;
use crate::ui::one_sort::sort_by;
use crate::ui::rate_axis::RateScale;

/// Redraw durations kept for the median the page reports.
const TIMINGS_KEPT: usize = 64;

/// What a screen reader says for the chart: each interface's current rates.
fn describe(locale: Locale, window: &ChartWindow) -> String {
    let t = locale.texts();
    if window.is_empty() {
        return t.chart_no_data.to_owned();
    }
    let parts: Vec<String> = window
        .series()
        .iter()
        .map(|s| {
            let last = s.points.back();
            format!(
                "{}: RX {}, TX {}",
                s.name,
                format_rate(locale, last.and_then(|p| p.rx_bps)),
                format_rate(locale, last.and_then(|p| p.tx_bps))
            )
        })
        .collect();
    format!("{}: {}", t.chart_latest, parts.join("; "))
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sort_by(&mut sorted, f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

/// A drag shorter than this (CSS pixels) is a click, not a zoom.
const LEAST_DRAG_PX: f64 = 8.0;

#[component]
pub fn TrafficChart(
    #[prop(into)] shown: Signal<ChartWindow>,
    #[prop(into)] axis: Signal<TimeAxis>,
    #[prop(into)] max_gap_ms: Signal<f64>,
    #[prop(into)] overlay: Signal<Option<String>>,
    /// Linear or logarithmic rates; the chart's own control switches it.
    rates: RwSignal<RateScale>,
    /// Called with the span dragged across, start and end.
    on_zoom: Callback<(f64, f64)>,
    /// The saved image's file name.
    png_name: String,
) -> impl IntoView {
    let before_hydration = use_before_hydration();
    let locale = use_locale();
    let t = locale.texts();
    let canvas = NodeRef::<Canvas>::new();
    let png_link = NodeRef::<leptos::html::A>::new();
    // The canvas' CSS size, from a resize observer's content rectangle.
    let size = content_size(canvas);
    let dark = prefers_dark();
    let frame_pending = StoredValue::new(false);
    let redraw_ms = StoredValue::new(Vec::<f64>::new());
    let median_redraw = RwSignal::new(None::<f64>);
    // Where a drag started and where it is now, in CSS pixels from the canvas' left.
    let drag = RwSignal::new(None::<(f64, f64)>);

    let redraw = move || {
        frame_pending.set_value(false);
        let Some(canvas) = canvas.get_untracked() else { return };
        let started = window().performance().map(|p| p.now());
        let scale = window().device_pixel_ratio().max(1.0);
        let (width, height) = size.get_untracked();
        if width < 1.0 || height < 1.0 {
            return;
        }
        // The backing store in device pixels keeps lines and text sharp on high-DPI screens.
        // Set only when it changes: setting it reallocates the bitmap even to the same size,
        // and each redraw paints every pixel anyway.
        let (device_width, device_height) = ((width * scale).round() as u32, (height * scale).round() as u32);
        if (canvas.width(), canvas.height()) != (device_width, device_height) {
            canvas.set_width(device_width);
            canvas.set_height(device_height);
        }
        let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else { return };
        // The same 2D context plotters draws with: the browser dashes a line in one stroke.
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let set_dash = |dash: &[f64]| {
            if let Some(context) = &context {
                let dash: js_sys::Array = dash.iter().map(|&px| JsValue::from(px)).collect();
                // Only fails for non-finite lengths, which px() never gives.
                let _ = context.set_line_dash(&dash);
            }
        };
        let area = backend.into_drawing_area();
        let theme = if dark.get_untracked() { Theme::DARK } else { Theme::LIGHT };
        let drawn = axis.with_untracked(|axis| {
            let frame = Frame {
                axis,
                rates: rates.get_untracked(),
                locale,
                max_gap_ms: max_gap_ms.get_untracked(),
                theme: &theme,
                pixel_ratio: scale,
                // Without the context (never seen), plotters dashes the line itself: slower, but
                // TX stays dashed rather than looking like RX.
                dashes: if context.is_some() { Dashes::Native(&set_dash) } else { Dashes::Plotted },
            };
            shown.with_untracked(|w| draw(&area, w, &frame))
        });
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

    // Data, axis (time moves on), size or colour scheme: one redraw per frame.
    effect(move || {
        shown.track();
        axis.track();
        size.track();
        dark.track();
        rates.track();
        if !frame_pending.get_value() {
            frame_pending.set_value(true);
            request_animation_frame(redraw);
        }
    });

    let end_drag = move |x: f64| {
        if let Some((start, _)) = drag.get_untracked() {
            drag.set(None);
            if (x - start).abs() >= LEAST_DRAG_PX {
                let width = size.get_untracked().0;
                let (from, to) =
                    axis.with_untracked(|a| (a.time_at(start.min(x), width), a.time_at(start.max(x), width)));
                on_zoom.run((from, to));
            }
        }
    };
    let save_png = move |_| {
        // The link's address is the canvas as drawn, made at the moment of the click.
        if let (Some(canvas), Some(link)) = (canvas.get_untracked(), png_link.get_untracked()) {
            if let Ok(url) = canvas.to_data_url() {
                link.set_href(&url);
            }
        }
    };

    view! {
        <div class="chart-wrap">
            <canvas
                node_ref=canvas
                class="chart"
                role="img"
                aria-label=move || shown.with(|window| describe(locale, window))
                data-redraw-median-ms=move || median_redraw.get().map(|ms| format!("{ms:.3}"))
                data-points=move || shown.with(|h| h.series().iter().map(|s| s.points.len()).sum::<usize>())
                on:pointerdown=move |e| drag.set(Some((f64::from(e.offset_x()), f64::from(e.offset_x()))))
                on:pointermove=move |e| drag.update(|d| if let Some(d) = d { d.1 = f64::from(e.offset_x()) })
                on:pointerup=move |e| end_drag(f64::from(e.offset_x()))
                on:pointerleave=move |_| drag.set(None)
            ></canvas>
            {move || {
                drag.get()
                    .filter(|(a, b)| (a - b).abs() >= LEAST_DRAG_PX)
                    .map(|(a, b)| {
                        view! {
                            <div
                                class="zoom-selection"
                                style:left=format!("{}px", a.min(b))
                                style:width=format!("{}px", (a - b).abs())
                            ></div>
                        }
                    })
            }}
            {move || overlay.get().map(|text| view! { <p class="chart-overlay">{text}</p> })}
        </div>
        <p class="chart-tools">
            <span class="hint">{t.drag_to_zoom}</span>
            <label class="log-scale">
                <input
                    type="checkbox"
                    disabled=before_hydration
                    prop:checked=move || rates.get() == RateScale::Log
                    on:change=move |ev| {
                        rates.set(if event_target_checked(&ev) { RateScale::Log } else { RateScale::Linear })
                    }
                />
                " "
                {t.log_scale}
            </label>
            // No address until hydrated: before that, the click would save the page instead.
            <a node_ref=png_link class="button" href=move || (!before_hydration.get()).then_some("#") download=png_name on:click=save_png>
                {t.save_png}
            </a>
        </p>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
