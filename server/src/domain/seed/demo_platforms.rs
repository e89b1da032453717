//! The five provincial platforms of the demo, each with its own name,
//! colours and welcome text, so `serve --demo` shows them side by side:
//! open `http://sichuan.localhost:8080/` (browsers send `*.localhost` to
//! this machine) or `http://127.0.0.1:8080/p/sichuan/`.

use chrono::Utc;
use cultivator_shared::RegionCode;
use cultivator_shared::api::platforms::{NewPlatform, PlatformBrandingFields};
use sea_orm::{DatabaseConnection, DbErr};

use crate::db::platforms;

/// Code, province, full and short names (zh, en), primary and accent
/// colours (white text on the primary meets WCAG AA), welcome text, issuer.
type Spec = (
    &'static str,
    &'static str,
    [&'static str; 4],
    [&'static str; 2],
    &'static str,
    &'static str,
);

const PLATFORMS: &[Spec] = &[
    (
        "sichuan",
        "51",
        [
            "四川省乡村治理人才培训平台",
            "Sichuan Good Governance",
            "川善治",
            "Sichuan",
        ],
        ["#b71c1c", "#ffb300"],
        "欢迎来到**川善治**：四川省村（社区）干部和新型农业经营主体带头人的学习平台。先在线学习，再参加县里组织的线下集中培训。",
        "四川省农业农村厅",
    ),
    (
        "guangdong",
        "44",
        [
            "广东省乡村治理人才培训平台",
            "Guangdong Governance Beauty",
            "粤治美",
            "Guangdong",
        ],
        ["#0d47a1", "#26a69a"],
        "**粤治美**：学治理、促振兴。在线课程随时学，线下培训就近报。",
        "广东省农业农村厅",
    ),
    (
        "hubei",
        "42",
        [
            "湖北省乡村治理人才培训平台",
            "Hubei Participation",
            "鄂参与",
            "Hubei",
        ],
        ["#6a1b9a", "#f06292"],
        "**鄂参与**：人人参与乡村治理，从这里开始学习。",
        "湖北省农业农村厅",
    ),
    (
        "qinghai",
        "63",
        [
            "青海省乡村治理人才培训平台",
            "Qingsong Governance",
            "青松治",
            "Qinghai",
        ],
        ["#00695c", "#8bc34a"],
        "**青松治**：扎根高原，治理有方。欢迎农牧区干部和带头人参加学习。",
        "青海省农业农村厅",
    ),
    (
        "fujian",
        "35",
        [
            "福建省乡村治理人才培训平台",
            "Fujian Governance",
            "闽治理",
            "Fujian",
        ],
        ["#bf360c", "#0277bd"],
        "**闽治理**：学先进经验，办身边实事。",
        "福建省农业农村厅",
    ),
];

/// The demo platforms as they are created.
fn platforms() -> Vec<NewPlatform> {
    PLATFORMS
        .iter()
        .map(
            |(
                code,
                province,
                [name_zh, name_en, short_zh, short_en],
                [primary, accent],
                welcome,
                issuer,
            )| {
                NewPlatform {
                    code: (*code).to_owned(),
                    host: Some(format!("{code}.localhost")),
                    home_region: RegionCode::parse(province).ok(),
                    branding: PlatformBrandingFields {
                        name_zh: (*name_zh).to_owned(),
                        name_en: (*name_en).to_owned(),
                        short_zh: (*short_zh).to_owned(),
                        short_en: (*short_en).to_owned(),
                        primary_colour: (*primary).to_owned(),
                        accent_colour: (*accent).to_owned(),
                        welcome_markdown: (*welcome).to_owned(),
                        issuer: (*issuer).to_owned(),
                    },
                }
            },
        )
        .collect()
}

/// Adds the demo platforms that are missing; returns how many it added.
pub async fn load(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let mut added = 0;
    for new in platforms() {
        if platforms::by_code(db, &new.code).await?.is_none() {
            platforms::insert(db, &new, Utc::now()).await?;
            added += 1;
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_platform_is_valid_and_in_its_province() {
        let all = platforms();
        assert_eq!(all.len(), 5);
        for new in all {
            assert_eq!(new.validate(), Ok(()), "{}", new.code);
            assert!(new.home_region.is_some(), "{}", new.code);
        }
    }
}
