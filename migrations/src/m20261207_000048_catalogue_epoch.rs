//! A change counter for what every trainee's home page shares: the
//! platform and its branding, the course catalogue and each course's
//! lessons and quizzes, the classes on offer, and region names.
//!
//! Each app node caches these; the page's session lookup reads
//! `catalogue_epoch.epoch` in the same statement, and an entry computed
//! under an older epoch is never served. Seat counts are not watched (every
//! application would move the counter): they are read fresh per page.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables the cached parts of a page are read from.
const WATCHED: [&str; 11] = [
    "platforms",
    "platform_featured",
    "platform_logos",
    "courses",
    "course_modules",
    "lessons",
    "quizzes",
    "classes",
    "programmes",
    "stages",
    "regions",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::epoch::create(manager, "catalogue", &WATCHED).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::epoch::drop(manager, "catalogue", &WATCHED).await
    }
}
