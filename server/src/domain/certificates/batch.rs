//! A class's certificates printed in the background: one print-ready PDF
//! of every valid certificate (a page each, the font subset written once)
//! and a ZIP of one PDF per person, for handing out by message.
//!
//! A class of a thousand takes seconds of CPU, too long for one request,
//! so [`start`] records the batch and answers at once; the rendering runs
//! on this node and writes its progress to the batch's row after each
//! chunk, so whichever node a later request reaches reports it. The files
//! are kept in the row for [`LIFETIME_HOURS`]: long enough to come back for
//! them, short enough that personal data does not linger; every node
//! deletes expired batches every ten minutes ([`forget_expired`]), and
//! before it starts a new one.
//!
//! One batch of a class prints at a time: a second request while one runs
//! is refused, so a script cannot queue a class's printing a hundred times
//! over. A batch whose node stopped (a restart, a deploy) writes no more
//! progress; once it has been still for [`STALLED_AFTER_SECS`] it is seen
//! as failed, and printing can start again.

use std::io::Write;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use cultivator_shared::api::certificates::{BatchState, CertificateBatchView};
use cultivator_shared::{ClassId, UserId};
use futures_util::StreamExt;
use krilla::text::Font;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::CertificateError;
use super::pdf::{self, FontSource, Printable};
use crate::db::certificate_batches::{self, File, Stored};

/// How long a batch's files are kept.
pub const LIFETIME_HOURS: i64 = 24;

/// How long a running batch may go without progress before it is seen as
/// failed. Each chunk writes progress within seconds; the last write can
/// be followed by the whole-class PDF still rendering (about 11 s for a
/// thousand in a release build), so this leaves a wide margin.
pub const STALLED_AFTER_SECS: i64 = 300;

/// Certificates rendered per step: each step is one blocking task and one
/// progress write, so a thousand make fifty of each.
const CHUNK: usize = 20;

/// Starts printing every valid certificate of `class` for `by`: the batch
/// as it starts (its total known), while the work goes on in the
/// background.
pub async fn start(
    db: &DatabaseConnection,
    fonts: Arc<FontSource>,
    class: ClassId,
    by: UserId,
    origin: &str,
    now: DateTime<Utc>,
) -> Result<CertificateBatchView, CertificateError> {
    forget_expired(db, now).await?;
    let printing = certificate_batches::of_class(db, class, now)
        .await?
        .into_iter()
        .any(|row| as_seen(row, now).state == BatchState::Running);
    if printing {
        return Err(CertificateError::BatchRunning);
    }
    let pages = super::class_printables(db, class, origin).await?;
    let total = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let expires = now + Duration::hours(LIFETIME_HOURS);
    let batch = certificate_batches::insert(db, class, by.0, total, now, expires).await?;
    let db = db.clone();
    let id = batch.id;
    tokio::spawn(async move {
        if let Err(err) = run(&db, fonts, id, pages).await {
            tracing::error!(error = %err, batch = id, "printing a batch of certificates failed");
            if let Err(err) = certificate_batches::fail(&db, id).await {
                tracing::error!(error = %err, batch = id, "recording the failure failed");
            }
        }
    });
    Ok(batch)
}

/// Deletes the batches (and their files) past their expiry; how many.
pub async fn forget_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, CertificateError> {
    Ok(certificate_batches::delete_expired(db, now).await?)
}

/// A name for one person's file in the ZIP: the number, then the name
/// without anything a file system could read as a path.
fn entry_name(page: &Printable) -> String {
    let name: String = page
        .fields
        .holder_name
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
        .collect();
    format!("{}-{}.pdf", page.fields.number, name.trim())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CertificateError> + Send + 'static,
) -> Result<T, CertificateError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| CertificateError::Rendering(e.to_string()))?
}

async fn run(
    db: &impl ConnectionTrait,
    fonts: Arc<FontSource>,
    id: i64,
    pages: Vec<Printable>,
) -> Result<(), CertificateError> {
    let font = blocking(move || Ok(fonts.font()?)).await?;
    let (all, zip) = print(font, pages, |done| {
        certificate_batches::set_done(db, id, done, Utc::now())
    })
    .await?;
    certificate_batches::finish(db, id, all, zip).await?;
    Ok(())
}

/// Prints `pages` as one PDF of them all and a ZIP of one PDF each, on
/// every core, telling `progress` how many single PDFs are done after each
/// chunk.
pub async fn print<F, Fut>(
    font: Font,
    pages: Vec<Printable>,
    mut progress: F,
) -> Result<(Vec<u8>, Vec<u8>), CertificateError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<(), DbErr>>,
{
    // The whole-class PDF renders beside the per-person ones.
    let all = tokio::task::spawn_blocking({
        let font = font.clone();
        let pages = pages.clone();
        move || pdf::render(&font, &pages)
    });
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut singles = futures_util::stream::iter(pages.chunks(CHUNK).map(<[_]>::to_vec))
        .map(|chunk| {
            let font = font.clone();
            blocking(move || {
                chunk
                    .iter()
                    .map(|page| {
                        let one = pdf::render(&font, std::slice::from_ref(page))?;
                        Ok((entry_name(page), one))
                    })
                    .collect::<Result<Vec<_>, CertificateError>>()
            })
        })
        .buffered(workers);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // PDFs are compressed already: stored, not deflated again.
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut done = 0u32;
    while let Some(files) = singles.next().await {
        for (name, bytes) in files? {
            zip.start_file(name, options)
                .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
                .map_err(|e| CertificateError::Rendering(e.to_string()))?;
            done += 1;
        }
        progress(done).await?;
    }
    let zip = zip
        .finish()
        .map_err(|e| CertificateError::Rendering(e.to_string()))?
        .into_inner();
    let all = all
        .await
        .map_err(|e| CertificateError::Rendering(e.to_string()))??;
    Ok((all, zip))
}

/// A stored batch as it stands at `now`: a running one that has not moved
/// for [`STALLED_AFTER_SECS`] lost its node and is reported failed.
pub fn as_seen(row: Stored, now: DateTime<Utc>) -> CertificateBatchView {
    let mut batch = row.batch;
    let still = now - row.progressed_at;
    if batch.state == BatchState::Running && still > Duration::seconds(STALLED_AFTER_SECS) {
        batch.state = BatchState::Failed;
    }
    batch
}

/// Batch `id` of `class`, as it stands.
pub async fn progress(
    db: &impl ConnectionTrait,
    class: ClassId,
    id: i64,
    now: DateTime<Utc>,
) -> Result<CertificateBatchView, CertificateError> {
    certificate_batches::progress(db, class, id)
        .await?
        .map(|row| as_seen(row, now))
        .ok_or(CertificateError::NotFound)
}

/// A class's batches not yet expired, newest first.
pub async fn of_class(
    db: &impl ConnectionTrait,
    class: ClassId,
    now: DateTime<Utc>,
) -> Result<Vec<CertificateBatchView>, CertificateError> {
    Ok(certificate_batches::of_class(db, class, now)
        .await?
        .into_iter()
        .map(|row| as_seen(row, now))
        .collect())
}

/// One file of a ready batch: refused while it prints or if it failed.
pub async fn file(
    db: &impl ConnectionTrait,
    class: ClassId,
    id: i64,
    which: File,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, CertificateError> {
    let (state, bytes) = certificate_batches::file(db, class, id, which, now)
        .await?
        .ok_or(CertificateError::NotFound)?;
    match (BatchState::parse(&state), bytes) {
        (Some(BatchState::Ready), Some(bytes)) => Ok(bytes),
        _ => Err(CertificateError::BatchNotReady),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cultivator_shared::ClassId;

    fn running(progressed: DateTime<Utc>) -> Stored {
        Stored {
            batch: CertificateBatchView {
                id: 1,
                class: ClassId(1),
                state: BatchState::Running,
                done: 40,
                total: 1000,
                created_at: progressed,
                expires_at: progressed + Duration::hours(LIFETIME_HOURS),
            },
            progressed_at: progressed,
        }
    }

    #[test]
    fn a_batch_that_moved_lately_is_still_running() {
        let now = Utc::now();
        let recent = running(now - Duration::seconds(STALLED_AFTER_SECS));
        assert_eq!(as_seen(recent, now).state, BatchState::Running);
    }

    #[test]
    fn a_batch_still_for_too_long_lost_its_node_and_failed() {
        let now = Utc::now();
        let still = running(now - Duration::seconds(STALLED_AFTER_SECS + 1));
        let seen = as_seen(still, now);
        assert_eq!(seen.state, BatchState::Failed);
        assert_eq!(seen.done, 40, "what it did is still reported");
    }

    #[test]
    fn finished_and_failed_batches_stay_as_they_are() {
        let now = Utc::now();
        for state in [BatchState::Ready, BatchState::Failed] {
            let mut old = running(now - Duration::hours(3));
            old.batch.state = state;
            assert_eq!(as_seen(old, now).state, state);
        }
    }
}
