//! What the app's page shares between everyone who opens it, kept per node
//! and checked against the catalogue epoch (see `epoch_cache`): the
//! platform's branded page, the first page of its catalogue and of the
//! classes near a region, each course's lessons and quizzes, and region
//! names. A trainee's home view then reads only their own rows and the
//! seat counts, which change too often to watch.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use chrono::NaiveDate;
use cultivator_shared::RegionCode;
use cultivator_shared::api::Page;
use cultivator_shared::api::catalog::{ClassSummary, CourseSummary};
use cultivator_shared::api::first_screen::HOME_LIST;
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::region::regions_serving;
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::{classes, course_views, regions};
use crate::domain::epoch_cache::EpochCache;
use crate::domain::learning::summaries::{self, CourseShape, Shapes};
use crate::domain::platforms::{self, PlatformError, PlatformRequest};

/// The app's page branded for a platform.
#[derive(Debug)]
pub struct BrandedPage {
    pub platform: i64,
    pub html: String,
}

/// Which page, for which platform request. The template's hash is part of
/// it: a debug build reads the template from disk, and a rebuilt one must
/// show at once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PageKey {
    chosen: Option<String>,
    host: Option<String>,
    template: u64,
}

/// Classes open near a region: the platform, the home region, and the day
/// (a class that ended yesterday is no longer open).
type NearKey = (i64, RegionCode, NaiveDate);

pub struct PageCache {
    pages: EpochCache<PageKey, BrandedPage>,
    catalogues: EpochCache<i64, Page<CourseSummary>>,
    near: EpochCache<NearKey, Page<ClassSummary>>,
    shapes: EpochCache<i64, CourseShape>,
    lineages: EpochCache<RegionCode, Vec<RegionView>>,
}

impl Default for PageCache {
    fn default() -> Self {
        Self {
            // Any Host header makes a key: bounded, least used first out.
            pages: EpochCache::new(1_000),
            catalogues: EpochCache::new(1_000),
            // One per home region (down to villages) and platform; most
            // hold a few classes.
            near: EpochCache::new(10_000),
            // Titles and ids only (no lesson text): a few kB a course.
            shapes: EpochCache::new(10_000),
            lineages: EpochCache::new(20_000),
        }
    }
}

impl PageCache {
    /// `template` branded for the platform `request` is for.
    pub async fn branded(
        &self,
        db: &impl ConnectionTrait,
        epoch: i64,
        request: &PlatformRequest<'_>,
        template: &str,
    ) -> Result<Arc<BrandedPage>, PlatformError> {
        let mut hasher = DefaultHasher::new();
        template.hash(&mut hasher);
        let key = PageKey {
            chosen: request.chosen.map(str::to_owned),
            host: request.host.map(platforms::host_name),
            template: hasher.finish(),
        };
        let compute = async {
            let row = platforms::resolve(db, request).await?;
            let view = platforms::page_view(db, &row).await?;
            Ok(BrandedPage {
                platform: row.id,
                html: platforms::branded_page(template, &view),
            })
        };
        self.pages.get_or(key, epoch, compute).await
    }

    /// The newest [`HOME_LIST`] published courses shown on `platform`.
    pub async fn catalogue(
        &self,
        db: &impl ConnectionTrait,
        epoch: i64,
        platform: i64,
    ) -> Result<Page<CourseSummary>, DbErr> {
        let compute = async {
            let (items, total) =
                course_views::published_matching(db, platform, None, None, HOME_LIST, 0).await?;
            Ok::<_, DbErr>(Page { items, total })
        };
        Ok((*self.catalogues.get_or(platform, epoch, compute).await?).clone())
    }

    /// The first [`HOME_LIST`] classes on `platform` open to someone living
    /// in `home`, with seats taken counted now.
    pub async fn classes_near(
        &self,
        db: &impl ConnectionTrait,
        epoch: i64,
        platform: i64,
        home: &RegionCode,
        today: NaiveDate,
    ) -> Result<Page<ClassSummary>, DbErr> {
        let compute = async {
            let serving = regions_serving(home);
            let (items, total) =
                classes::open_in(db, platform, &serving, today, HOME_LIST, 0).await?;
            Ok::<_, DbErr>(Page { items, total })
        };
        let key = (platform, home.clone(), today);
        let mut page = (*self.near.get_or(key, epoch, compute).await?).clone();
        let ids: Vec<i64> = page.items.iter().map(|c| c.id.0).collect();
        let seats = classes::seats_taken(db, &ids).await?;
        for class in &mut page.items {
            let taken = seats.get(&class.id.0).copied().unwrap_or(0);
            class.seats_taken = u32::try_from(taken).unwrap_or(u32::MAX);
        }
        Ok(page)
    }

    /// The shapes of courses `ids`, reading only those not cached.
    pub async fn shapes(
        &self,
        db: &impl ConnectionTrait,
        epoch: i64,
        ids: &[i64],
    ) -> Result<Shapes, DbErr> {
        let mut found: Shapes = HashMap::new();
        let mut missing = Vec::new();
        for &id in ids {
            match self.shapes.current(&id, epoch) {
                Some(shape) => {
                    found.insert(id, shape);
                }
                None => missing.push(id),
            }
        }
        if !missing.is_empty() {
            for (id, shape) in summaries::shapes(db, &missing).await? {
                found.insert(id, self.shapes.keep(id, epoch, shape));
            }
        }
        Ok(found)
    }

    /// `region` and the regions above it, province first.
    pub async fn lineage(
        &self,
        db: &impl ConnectionTrait,
        epoch: i64,
        region: &RegionCode,
    ) -> Result<Vec<RegionView>, DbErr> {
        let compute = regions::lineage(db, region);
        Ok((*self.lineages.get_or(region.clone(), epoch, compute).await?).clone())
    }
}
