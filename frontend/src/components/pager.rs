//! "Previous · 51–100 / 230 · Next" under a list shown a page at a time,
//! where each page has its own address.

use leptos::prelude::*;

use crate::i18n::coord::count;
use crate::i18n::{Text, use_i18n};

/// Links to the pages before and after the one at `offset` (of `page`
/// items, `total` in all); `href` names the page starting at an offset.
pub fn page_links<T: Text + Send + Sync + 'static>(
    offset: u64,
    page: u64,
    total: u64,
    href: impl Fn(u64) -> String,
    previous: T,
    next: T,
) -> impl IntoView {
    let i18n = use_i18n();
    let before = (offset > 0).then(|| {
        let to = href(offset.saturating_sub(page));
        view! { <a href=to rel="prev">{move || i18n.t(previous)}</a> }
    });
    let after = (offset.saturating_add(page) < total).then(|| {
        let to = href(offset + page);
        view! { <a href=to rel="next">{move || i18n.t(next)}</a> }
    });
    let shown = format!(
        "{}–{} / {}",
        count(offset + 1),
        count(offset + page.min(total.saturating_sub(offset))),
        count(total)
    );
    view! { <nav class="pager">{before} " " <span>{shown}</span> " " {after}</nav> }
}

/// The same for a list inside a page, turned by buttons: `turn` is given
/// the offset of the page to show.
pub fn page_buttons<T: Text + Copy + Send + Sync + 'static>(
    offset: u64,
    page: u64,
    total: u64,
    turn: impl Fn(u64) + Copy + 'static,
    previous: T,
    next: T,
) -> impl IntoView {
    let i18n = use_i18n();
    let before = (offset > 0).then(|| {
        view! {
            <button type="button" class="secondary" data-test="page-previous"
                on:click=move |_| turn(offset.saturating_sub(page))>
                {move || i18n.t(previous)}
            </button>
        }
    });
    let after = (offset.saturating_add(page) < total).then(|| {
        view! {
            <button type="button" class="secondary" data-test="page-next"
                on:click=move |_| turn(offset + page)>
                {move || i18n.t(next)}
            </button>
        }
    });
    let shown = format!(
        "{}–{} / {}",
        count(offset + 1),
        count(offset + page.min(total.saturating_sub(offset))),
        count(total)
    );
    view! { <nav class="pager">{before} " " <span data-test="page-shown">{shown}</span> " " {after}</nav> }
}
