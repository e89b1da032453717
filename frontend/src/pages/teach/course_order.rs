//! Arranging a course's modules, and the lessons within each module, with
//! move-up and move-down buttons (big enough for a thumb on a phone; no
//! dragging). The whole new order is saved in one request; the server
//! refuses an order made from a stale view (409), shown in words.

use cultivator_shared::api::authoring::{CourseOrder, ModuleOrder, ModuleOutline};
use cultivator_shared::{CourseId, LessonId, ModuleId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::ErrorAlert;
use crate::i18n::{TeachMsg, use_i18n};

#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: ModuleId,
    title: String,
    lessons: Vec<(LessonId, String)>,
}

fn rows_of(modules: &[ModuleOutline]) -> Vec<Row> {
    modules
        .iter()
        .map(|m| Row {
            id: m.id,
            title: m.title.clone(),
            lessons: m.lessons.iter().map(|l| (l.id, l.title.clone())).collect(),
        })
        .collect()
}

fn order_of(rows: &[Row]) -> CourseOrder {
    CourseOrder {
        modules: rows
            .iter()
            .map(|r| ModuleOrder {
                id: r.id,
                lessons: r.lessons.iter().map(|(id, _)| *id).collect(),
            })
            .collect(),
    }
}

/// Swaps item `at` with its neighbour above (`up`) or below; false (and
/// nothing moved) at the edge.
fn shift<T>(items: &mut [T], at: usize, up: bool) -> bool {
    let other = if up {
        at.checked_sub(1)
    } else {
        at.checked_add(1)
    };
    match other {
        Some(other) if other < items.len() && at < items.len() => {
            items.swap(at, other);
            true
        }
        _ => false,
    }
}

/// The two buttons that move one item; `on_move(true)` moves it up.
fn move_buttons(
    first: bool,
    last: bool,
    on_move: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="secondary" data-test="move-up" disabled=first
            aria-label=move || i18n.t(TeachMsg::MoveUp) title=move || i18n.t(TeachMsg::MoveUp)
            on:click=move |_| on_move(true)>"↑"</button>
        <button type="button" class="secondary" data-test="move-down" disabled=last
            aria-label=move || i18n.t(TeachMsg::MoveDown) title=move || i18n.t(TeachMsg::MoveDown)
            on:click=move |_| on_move(false)>"↓"</button>
    }
}

/// `saved` lives above the editor, which is rebuilt when the outline reloads
/// after saving: it holds the outline version the saved order produced, so
/// that the notice (and this section, open) survive that reload but not the
/// next change.
#[component]
pub fn CourseOrderEditor(
    course: CourseId,
    modules: Vec<ModuleOutline>,
    version: RwSignal<u32>,
    saved: RwSignal<Option<u32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let just_saved = move || saved.get() == Some(version.get());
    let rows = RwSignal::new(rows_of(&modules));
    let changed = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let moved = move |did: bool| {
        if did {
            changed.set(true);
            saved.set(None);
            failure.set(None);
        }
    };
    let move_module = move |at: usize, up: bool| {
        let mut did = false;
        rows.update(|r| did = shift(r, at, up));
        moved(did);
    };
    let move_lesson = move |module: usize, at: usize, up: bool| {
        let mut did = false;
        rows.update(|r| {
            if let Some(row) = r.get_mut(module) {
                did = shift(&mut row.lessons, at, up);
            }
        });
        moved(did);
    };
    let save = move |_| {
        let order = rows.with_untracked(|r| order_of(r));
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let result = api::reorder_course(course, &order).await;
            pending.try_set(false);
            match result {
                Ok(()) => {
                    let next = version.get_untracked().wrapping_add(1);
                    saved.try_set(Some(next));
                    version.try_set(next);
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    };

    let list = move || {
        let all = rows.get();
        let module_count = all.len();
        all.into_iter()
            .enumerate()
            .map(|(m, row)| {
                let lesson_count = row.lessons.len();
                let lessons = row
                    .lessons
                    .into_iter()
                    .enumerate()
                    .map(|(l, (_, title))| {
                        view! {
                            <li class="order-row" data-test="order-lesson">
                                <span>{title}</span>
                                {move_buttons(l == 0, l + 1 == lesson_count, move |up| move_lesson(m, l, up))}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <li data-test="order-module">
                        <div class="order-row">
                            <strong>{row.title}</strong>
                            {move_buttons(m == 0, m + 1 == module_count, move |up| move_module(m, up))}
                        </div>
                        <ol class="order-list order-lessons">{lessons}</ol>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <details class="card course-order" data-test="course-order" open=just_saved>
            <summary>{move || i18n.t(TeachMsg::OrderTitle)}</summary>
            <p class="hint">{move || i18n.t(TeachMsg::OrderHint)}</p>
            <ol class="order-list">{list}</ol>
            <ErrorAlert error=failure/>
            {move || just_saved().then(|| view! {
                <p class="notice" data-test="order-saved">{i18n.t(TeachMsg::OrderSaved)}</p>
            })}
            <button type="button" class="primary" data-test="save-order" on:click=save
                disabled=move || pending.get() || !changed.get()>
                {move || i18n.t(TeachMsg::SaveOrder)}
            </button>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_stops_at_the_edges() {
        let mut items = vec![1, 2, 3];
        assert!(shift(&mut items, 0, false));
        assert_eq!(items, vec![2, 1, 3]);
        assert!(shift(&mut items, 2, true));
        assert_eq!(items, vec![2, 3, 1]);
        assert!(!shift(&mut items, 0, true));
        assert!(!shift(&mut items, 2, false));
        assert!(!shift(&mut items, 7, true));
        assert_eq!(items, vec![2, 3, 1]);
    }

    #[test]
    fn the_order_names_every_module_and_lesson() {
        let rows = vec![
            Row {
                id: ModuleId(2),
                title: "B".into(),
                lessons: vec![(LessonId(5), "x".into()), (LessonId(4), "y".into())],
            },
            Row {
                id: ModuleId(1),
                title: "A".into(),
                lessons: vec![],
            },
        ];
        let order = order_of(&rows);
        assert_eq!(order.modules[0].id, ModuleId(2));
        assert_eq!(order.modules[0].lessons, vec![LessonId(5), LessonId(4)]);
        assert!(order.modules[1].lessons.is_empty());
    }
}
