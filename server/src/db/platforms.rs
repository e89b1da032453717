//! Provincial platforms and their branding.

use chrono::{DateTime, Utc};
use cultivator_shared::RegionCode;
use cultivator_shared::api::platforms::{NewPlatform, PlatformBrandingFields};
use sea_orm::entity::prelude::*;
use sea_orm::{Condition, QueryOrder, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "platforms")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub host: Option<String>,
    pub home_region: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    pub short_zh: String,
    pub short_en: String,
    pub primary_colour: String,
    pub accent_colour: String,
    pub welcome_markdown: String,
    pub issuer: String,
    pub updated_at: DateTimeUtc,
    /// The uploaded logo's media type; `None`: no logo.
    pub logo_type: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn branding(&self) -> PlatformBrandingFields {
        PlatformBrandingFields {
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            short_zh: self.short_zh.clone(),
            short_en: self.short_en.clone(),
            primary_colour: self.primary_colour.clone(),
            accent_colour: self.accent_colour.clone(),
            welcome_markdown: self.welcome_markdown.clone(),
            issuer: self.issuer.clone(),
        }
    }

    /// The home region; a malformed stored code reads as none (national).
    pub fn home(&self) -> Option<RegionCode> {
        self.home_region
            .as_deref()
            .and_then(|c| RegionCode::parse(c).ok())
    }
}

pub async fn by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<Model>, DbErr> {
    Entity::find().filter(Column::Code.eq(code)).one(db).await
}

pub async fn by_host(db: &impl ConnectionTrait, host: &str) -> Result<Option<Model>, DbErr> {
    Entity::find().filter(Column::Host.eq(host)).one(db).await
}

/// Every platform, the national one first, then by code.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Model>, DbErr> {
    Entity::find().order_by_asc(Column::Id).all(db).await
}

fn set_branding(model: &mut ActiveModel, branding: &PlatformBrandingFields) {
    model.name_zh = Set(branding.name_zh.trim().to_owned());
    model.name_en = Set(branding.name_en.trim().to_owned());
    model.short_zh = Set(branding.short_zh.trim().to_owned());
    model.short_en = Set(branding.short_en.trim().to_owned());
    model.primary_colour = Set(branding.primary_colour.to_ascii_lowercase());
    model.accent_colour = Set(branding.accent_colour.to_ascii_lowercase());
    model.welcome_markdown = Set(branding.welcome_markdown.trim().to_owned());
    model.issuer = Set(branding.issuer.trim().to_owned());
}

pub async fn insert(
    db: &impl ConnectionTrait,
    new: &NewPlatform,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    let mut model = ActiveModel {
        code: Set(new.code.clone()),
        host: Set(new.host.clone()),
        home_region: Set(new.home_region.as_ref().map(ToString::to_string)),
        updated_at: Set(now),
        ..Default::default()
    };
    set_branding(&mut model, &new.branding);
    model.insert(db).await
}

pub async fn update_branding(
    db: &impl ConnectionTrait,
    id: i64,
    branding: &PlatformBrandingFields,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    let mut model = ActiveModel {
        id: sea_orm::Unchanged(id),
        updated_at: Set(now),
        ..Default::default()
    };
    set_branding(&mut model, branding);
    model.update(db).await
}

/// Records that `id` has a logo of `media_type` (or none), as a change.
pub async fn set_logo_type(
    db: &impl ConnectionTrait,
    id: i64,
    media_type: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    ActiveModel {
        id: sea_orm::Unchanged(id),
        logo_type: Set(media_type.map(str::to_owned)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
}

/// Shown on platform `platform`: shared nationally (no owner) or owned by
/// it. `owner` is a course's or class's `platform_id`.
pub fn shown_on(owner: impl ColumnTrait, platform: i64) -> Condition {
    Condition::any()
        .add(owner.is_null())
        .add(owner.eq(platform))
}
