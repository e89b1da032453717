//! Media in an S3-compatible object store, shared by every node: uploads
//! go up as multipart uploads (the 5 MB part being filled and at most two
//! more on their way: 15 MB per upload, never the whole file) that become
//! visible only when completed; reads ask the
//! store for the one range a player wants.
//!
//! Where: `CULTIVATOR_MEDIA_URL=s3://bucket/prefix`. Endpoint, region and
//! credentials come from the usual variables (`AWS_ENDPOINT`,
//! `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_ALLOW_HTTP` for a store inside the network), as `object_store`
//! reads them.

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart};

use super::range::ByteRange;
use super::{MediaSource, MediaStore, Upload, UploadError, safe_key};

/// Parts uploaded at once per upload, beyond the one being filled.
const PARTS_IN_FLIGHT: usize = 2;

/// `s3://bucket/prefix`, checked when the setting is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUrl {
    pub bucket: String,
    pub prefix: String,
}

impl MediaUrl {
    pub fn parse(url: &str) -> Result<MediaUrl, String> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| format!("{url:?} is not s3://bucket/prefix"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.'));
        if !bucket_ok {
            return Err(format!("{bucket:?} is not an S3 bucket name"));
        }
        Ok(MediaUrl {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
        })
    }
}

#[derive(Debug, Clone)]
pub struct ObjectMedia {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
}

/// An object's bytes as a player asked for them.
pub struct ObjectRead {
    /// The whole object's size.
    pub total: u64,
    /// The bytes in `body` (end excluded).
    pub served: Range<u64>,
    /// A range was asked for (answer 206, not 200).
    pub partial: bool,
    pub etag: Option<String>,
    pub body: BoxStream<'static, Result<Bytes, object_store::Error>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such media")]
    NotFound,
    #[error("the range is outside the {total} bytes")]
    Unsatisfiable { total: u64 },
    /// The client's copy (`If-None-Match`) is the stored one.
    #[error("not modified")]
    NotModified { etag: String },
    #[error(transparent)]
    Store(object_store::Error),
}

impl ObjectMedia {
    pub fn s3(url: &MediaUrl) -> Result<ObjectMedia, object_store::Error> {
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(&url.bucket)
            .build()?;
        Ok(ObjectMedia {
            store: Arc::new(store),
            prefix: Path::from(url.prefix.as_str()),
        })
    }

    fn path(&self, key: &str) -> Option<Path> {
        safe_key(key).then(|| self.prefix.child(key))
    }

    /// `range` of the object at `path` (all of it without one), unless
    /// the client's copy, named by `if_none_match`, is the stored one.
    pub async fn read(
        &self,
        path: &Path,
        range: Option<ByteRange>,
        if_none_match: Option<&str>,
    ) -> Result<ObjectRead, ReadError> {
        let meta = self.store.head(path).await.map_err(|err| match err {
            object_store::Error::NotFound { .. } => ReadError::NotFound,
            other => ReadError::Store(other),
        })?;
        if let (Some(etag), Some(wanted)) = (&meta.e_tag, if_none_match)
            && wanted
                .split(',')
                .any(|w| w.trim() == etag || w.trim() == "*")
        {
            return Err(ReadError::NotModified { etag: etag.clone() });
        }
        let total = meta.size;
        let served = match range {
            None => 0..total,
            Some(range) => range
                .within(total)
                .ok_or(ReadError::Unsatisfiable { total })?,
        };
        let body = if served.is_empty() {
            Box::pin(futures_util::stream::empty()) as BoxStream<'static, _>
        } else {
            let options = GetOptions {
                range: Some(GetRange::Bounded(served.clone())),
                ..GetOptions::default()
            };
            let got = self
                .store
                .get_opts(path, options)
                .await
                .map_err(ReadError::Store)?;
            got.into_stream()
        };
        Ok(ObjectRead {
            total,
            served,
            partial: range.is_some(),
            etag: meta.e_tag,
            body,
        })
    }
}

struct ObjectUpload(WriteMultipart);

#[async_trait::async_trait]
impl MediaStore for ObjectMedia {
    async fn begin(&self, key: &str) -> Result<Box<dyn Upload>, UploadError> {
        let path = self
            .path(key)
            .ok_or_else(|| std::io::Error::other(format!("unsafe media key {key:?}")))?;
        let upload = self.store.put_multipart(&path).await?;
        Ok(Box::new(ObjectUpload(WriteMultipart::new(upload))))
    }

    async fn exists(&self, key: &str) -> bool {
        match self.path(key) {
            Some(path) => self.store.head(&path).await.is_ok(),
            None => false,
        }
    }

    fn source(&self, key: &str) -> Option<MediaSource> {
        self.path(key)
            .map(|path| MediaSource::Object(self.clone(), path))
    }

    async fn remove(&self, key: &str) -> Result<(), UploadError> {
        let path = self
            .path(key)
            .ok_or_else(|| std::io::Error::other(format!("unsafe media key {key:?}")))?;
        match self.store.delete(&path).await {
            Err(object_store::Error::NotFound { .. }) | Ok(()) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }
}

#[async_trait::async_trait]
impl Upload for ObjectUpload {
    async fn write(&mut self, chunk: Bytes) -> Result<(), UploadError> {
        // Waits while parts are uploading: memory stays at a few parts.
        self.0.wait_for_capacity(PARTS_IN_FLIGHT).await?;
        self.0.put(chunk);
        Ok(())
    }

    async fn commit(self: Box<Self>) -> Result<(), UploadError> {
        self.0.finish().await?;
        Ok(())
    }

    async fn abort(self: Box<Self>) {
        if let Err(err) = self.0.abort().await {
            tracing::warn!(error = %err, "could not abort a media upload");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_media_url_names_a_bucket_and_a_prefix() {
        assert_eq!(
            MediaUrl::parse("s3://cultivator-media/lessons/"),
            Ok(MediaUrl {
                bucket: "cultivator-media".into(),
                prefix: "lessons".into()
            })
        );
        assert_eq!(
            MediaUrl::parse("s3://media").map(|u| u.prefix),
            Ok(String::new())
        );
        for bad in [
            "/srv/media",
            "s3://",
            "s3://UPPER/x",
            "s3://a/b",
            "https://x/y",
        ] {
            assert!(MediaUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
