//! The dashboard's per-platform table: people who registered through each
//! provincial platform in the region shown, and of them those trained.

use cultivator_shared::api::coordination::DashboardQuery;
use leptos::prelude::*;

use super::dashboard::dashboard_href;
use crate::api::platform_items;
use crate::components::{ErrorAlert, LoadingLine};
use crate::i18n::branding::BrandingMsg;
use crate::i18n::{Locale, use_i18n};

#[component]
pub fn PlatformSection(query: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    let shown = query.clone();
    let counts = LocalResource::new(move || {
        let query = query.clone();
        async move { platform_items::counts(&query).await }
    });
    let table = move || match counts.get() {
        None => view! { <LoadingLine/> }.into_any(),
        Some(Err(error)) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        Some(Ok(rows)) => {
            let rows = rows
                .into_iter()
                .map(|row| {
                    let name = move || match i18n.locale() {
                        Locale::ZhCn => row.short_zh.clone(),
                        Locale::En => row.short_en.clone(),
                    };
                    // A platform's name opens the dashboard counting only
                    // the people who registered through it.
                    let label = match &row.code {
                        Some(code) => {
                            let href = dashboard_href(&DashboardQuery {
                                platform: Some(code.clone()),
                                ..shown.clone()
                            });
                            view! { <a href=href>{name}</a> }.into_any()
                        }
                        None => name.into_any(),
                    };
                    view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td class="num">{row.registrations}</td>
                            <td class="num">{row.online_trained}</td>
                            <td class="num">{row.offline_trained}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0">
                    <table class="data-table" data-test="platform-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i18n.t(BrandingMsg::Platform)}</th>
                                <th scope="col">{move || i18n.t(BrandingMsg::Registrations)}</th>
                                <th scope="col">{move || i18n.t(BrandingMsg::OnlineTrained)}</th>
                                <th scope="col">{move || i18n.t(BrandingMsg::OfflineTrained)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="platforms-title">
            <h2 id="platforms-title">{move || i18n.t(BrandingMsg::ByPlatformTitle)}</h2>
            <p class="hint">{move || i18n.t(BrandingMsg::ByPlatformHint)}</p>
            {table}
        </section>
    }
}
