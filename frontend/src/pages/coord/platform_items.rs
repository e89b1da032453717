//! On `/coord/platform`: the platform's logo, and which of the courses and
//! classes listed on it its home page features and which are its own
//! (listed only on it).

use std::collections::HashSet;

use cultivator_shared::api::platforms::{PlatformItemKind, PlatformItemRef, PlatformItems};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, platform_items};
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::branding::BrandingMsg;
use crate::i18n::use_i18n;

/// Uploads or removes the logo; shows the current one.
#[component]
pub fn LogoEditor(code: String, now: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let logo = RwSignal::new(now);
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let upload = {
        let code = code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let file = input
                .get_untracked()
                .and_then(|el| el.files())
                .and_then(|files| files.get(0));
            let Some(file) = file else { return };
            failure.set(None);
            saved.set(false);
            let code = code.clone();
            spawn_local(async move {
                match platform_items::upload_logo(&code, file).await {
                    Ok(view) => {
                        logo.set(view.logo_url);
                        saved.set(true);
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };
    let remove = move |_| {
        failure.set(None);
        saved.set(false);
        let code = code.clone();
        spawn_local(async move {
            match platform_items::remove_logo(&code).await {
                Ok(view) => logo.set(view.logo_url),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="logo-title">
            <h2 id="logo-title">{move || i18n.t(BrandingMsg::LogoTitle)}</h2>
            <p class="hint">{move || i18n.t(BrandingMsg::LogoHint)}</p>
            {move || match logo.get() {
                Some(src) => view! {
                    <p><img class="logo-preview" src=src alt="" data-test="logo-preview"/></p>
                    <button type="button" on:click=remove.clone()>{move || i18n.t(BrandingMsg::LogoRemove)}</button>
                }.into_any(),
                None => view! { <p class="empty">{move || i18n.t(BrandingMsg::LogoNone)}</p> }.into_any(),
            }}
            <form on:submit=upload>
                <div class="field">
                    <label for="platform-logo">{move || i18n.t(BrandingMsg::LogoFile)}</label>
                    <input id="platform-logo" type="file" node_ref=input
                        accept="image/png,image/jpeg,image/svg+xml" data-test="logo-file"/>
                </div>
                <ErrorAlert error=failure/>
                <Show when=move || saved.get()>
                    <p class="notice" role="status">{move || i18n.t(BrandingMsg::LogoSaved)}</p>
                </Show>
                <button type="submit" class="primary" data-test="upload-logo">{move || i18n.t(BrandingMsg::LogoUpload)}</button>
            </form>
        </section>
    }
}

/// One course or class listed on the platform.
#[derive(Clone)]
struct Row {
    item: PlatformItemRef,
    title: String,
}

/// Featured and own courses and classes: a table of everything listed on
/// the platform with two checkboxes each.
#[component]
pub fn ItemsEditor(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let load_code = code.clone();
    let loaded = LocalResource::new(move || {
        let code = load_code.clone();
        async move {
            let items = platform_items::items(&code).await?;
            let (courses, classes) = platform_items::listed().await?;
            let courses = courses.items.into_iter().map(|c| Row {
                item: PlatformItemRef {
                    kind: PlatformItemKind::Course,
                    id: c.id.0,
                },
                title: c.title,
            });
            let classes = classes.items.into_iter().map(|c| Row {
                item: PlatformItemRef {
                    kind: PlatformItemKind::Class,
                    id: c.id.0,
                },
                title: c.title,
            });
            Ok::<_, ApiError>((items, courses.chain(classes).collect::<Vec<_>>()))
        }
    });
    let body = move || match loaded.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok((_, rows))) if rows.is_empty() => {
            view! { <p class="empty">{move || i18n.t(BrandingMsg::NothingListed)}</p> }.into_any()
        }
        Some(Ok((items, rows))) => view! { <ItemsTable code=code.clone() items rows/> }.into_any(),
    };
    view! {
        <section class="card" aria-labelledby="items-title">
            <h2 id="items-title">{move || i18n.t(BrandingMsg::ItemsTitle)}</h2>
            <p class="hint">{move || i18n.t(BrandingMsg::ItemsHint)}</p>
            {body}
        </section>
    }
}

fn checked(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

#[component]
fn ItemsTable(code: String, items: PlatformItems, rows: Vec<Row>) -> impl IntoView {
    let i18n = use_i18n();
    let as_ref = |i: &cultivator_shared::api::platforms::PlatformItem| PlatformItemRef {
        kind: i.kind,
        id: i.id,
    };
    // Featured in the order chosen; newly ticked ones go last.
    let featured = RwSignal::new(items.featured.iter().map(as_ref).collect::<Vec<_>>());
    let owned = RwSignal::new(items.owned.iter().map(as_ref).collect::<HashSet<_>>());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let table_rows = rows
        .into_iter()
        .map(|row| {
            let item = row.item;
            let code = code.clone();
            let kind = move || match item.kind {
                PlatformItemKind::Course => i18n.t(BrandingMsg::KindCourse),
                PlatformItemKind::Class => i18n.t(BrandingMsg::KindClass),
            };
            let title = row.title.clone();
            let feature_label = move || format!("{} — {}", title, i18n.t(BrandingMsg::Featured));
            let title = row.title.clone();
            let own_label = move || format!("{} — {}", title, i18n.t(BrandingMsg::Own));
            let toggle_featured = move |ev: leptos::ev::Event| {
                let on = checked(&ev);
                saved.set(false);
                featured.update(|list| {
                    list.retain(|i| *i != item);
                    if on {
                        list.push(item);
                    }
                });
            };
            let toggle_owned = move |ev: leptos::ev::Event| {
                let on = checked(&ev);
                failure.set(None);
                let code = code.clone();
                spawn_local(async move {
                    match platform_items::set_ownership(&code, item, on).await {
                        Ok(now) => owned.set(now.owned.iter().map(as_ref).collect()),
                        Err(error) => {
                            // Shown as it is again: the change did not happen.
                            owned.update(|set| {
                                if on {
                                    set.remove(&item);
                                } else {
                                    set.insert(item);
                                }
                            });
                            failure.set(Some(error));
                        }
                    }
                });
            };
            view! {
                <tr>
                    <td>{kind}</td>
                    <th scope="row">{row.title.clone()}</th>
                    <td><input type="checkbox" aria-label=feature_label
                        prop:checked=move || featured.with(|list| list.contains(&item))
                        on:change=toggle_featured data-test="feature-item"/></td>
                    <td><input type="checkbox" aria-label=own_label
                        prop:checked=move || owned.with(|set| set.contains(&item))
                        on:change=toggle_owned data-test="own-item"/></td>
                </tr>
            }
        })
        .collect_view();
    let save = move |_| {
        failure.set(None);
        saved.set(false);
        let code = code.clone();
        let items = featured.get_untracked();
        spawn_local(async move {
            match platform_items::set_featured(&code, items).await {
                Ok(now) => {
                    featured.set(now.featured.iter().map(as_ref).collect());
                    saved.set(true);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data-table" data-test="platform-items">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(BrandingMsg::Kind)}</th>
                        <th scope="col">{move || i18n.t(BrandingMsg::ItemTitle)}</th>
                        <th scope="col">{move || i18n.t(BrandingMsg::Featured)}</th>
                        <th scope="col">{move || i18n.t(BrandingMsg::Own)}</th>
                    </tr>
                </thead>
                <tbody>{table_rows}</tbody>
            </table>
        </div>
        <ErrorAlert error=failure/>
        <Show when=move || saved.get()>
            <p class="notice" role="status" data-test="featured-saved">{move || i18n.t(BrandingMsg::FeaturedSaved)}</p>
        </Show>
        <button type="button" class="primary" on:click=save data-test="save-featured">
            {move || i18n.t(BrandingMsg::SaveFeatured)}
        </button>
    }
}
