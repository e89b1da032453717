//! Programmes' certificate designs: texts, and the logo and seal pictures
//! (kept here so that every node prints them).

use chrono::{DateTime, Utc};
use cultivator_shared::ProgrammeId;
use cultivator_shared::api::certificates::{CertificateTemplate, TemplateImage};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_templates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub programme_id: i64,
    pub issuer_zh: String,
    pub issuer_en: String,
    pub heading: String,
    pub closing: String,
    pub signatory_name: String,
    pub signatory_title: String,
    pub logo: Option<Vec<u8>>,
    pub logo_type: Option<String>,
    pub seal: Option<Vec<u8>>,
    pub seal_type: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn texts(&self) -> CertificateTemplate {
        CertificateTemplate {
            issuer_zh: self.issuer_zh.clone(),
            issuer_en: self.issuer_en.clone(),
            heading: self.heading.clone(),
            closing: self.closing.clone(),
            signatory_name: self.signatory_name.clone(),
            signatory_title: self.signatory_title.clone(),
        }
    }
}

pub async fn find(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(programme.0).one(db).await
}

/// Sets a programme's texts, creating its design if it had none.
pub async fn save_texts(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
    texts: &CertificateTemplate,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = ActiveModel {
        programme_id: Set(programme.0),
        issuer_zh: Set(texts.issuer_zh.clone()),
        issuer_en: Set(texts.issuer_en.clone()),
        heading: Set(texts.heading.clone()),
        closing: Set(texts.closing.clone()),
        signatory_name: Set(texts.signatory_name.clone()),
        signatory_title: Set(texts.signatory_title.clone()),
        logo: NotSet,
        logo_type: NotSet,
        seal: NotSet,
        seal_type: NotSet,
        updated_at: Set(at),
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::column(Column::ProgrammeId)
                .update_columns([
                    Column::IssuerZh,
                    Column::IssuerEn,
                    Column::Heading,
                    Column::Closing,
                    Column::SignatoryName,
                    Column::SignatoryTitle,
                    Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Sets one of a programme's pictures; its texts must exist (or are
/// created empty).
pub async fn save_image(
    db: &impl ConnectionTrait,
    programme: ProgrammeId,
    which: TemplateImage,
    bytes: Vec<u8>,
    mime: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    if find(db, programme).await?.is_none() {
        save_texts(db, programme, &CertificateTemplate::default(), at).await?;
    }
    let mut row = ActiveModel {
        programme_id: Set(programme.0),
        updated_at: Set(at),
        ..Default::default()
    };
    match which {
        TemplateImage::Logo => {
            row.logo = Set(Some(bytes));
            row.logo_type = Set(Some(mime.to_owned()));
        }
        TemplateImage::Seal => {
            row.seal = Set(Some(bytes));
            row.seal_type = Set(Some(mime.to_owned()));
        }
    }
    row.update(db).await?;
    Ok(())
}
