//! Lesson media in an S3-compatible store shared by two nodes: uploaded
//! through one node (streamed in parts, the size limit enforced, nothing
//! replaced by a refused upload), streamed with ranges through the other,
//! which has no copy on its own disk.

use cultivator_server::DbConfig;
use cultivator_server::domain::seed::demo::{self, DEMO_PASSWORD};
use cultivator_shared::{ErrorCode, PublishState};
use cultivator_tests::classes::{DEMO_INSTRUCTOR, DEMO_TRAINEE};
use cultivator_tests::client::expect_error;
use cultivator_tests::learning::{self, small_course};
use cultivator_tests::nodes::{self, Node};
use cultivator_tests::s3::S3Server;
use cultivator_tests::{Backend, TestDb};
use reqwest::{Method, StatusCode};

/// Not a test: a node started by this file's test.
#[test]
#[ignore = "a node started by this file's tests, in a process of its own"]
fn child_node() -> anyhow::Result<()> {
    nodes::serve_if_asked()
}

const BUCKET: &str = "cultivator-media";
const LIMIT: usize = 16 * 1024 * 1024;

/// An MP4's signature ("ftyp" after the box size), then `len` bytes in all
/// that differ from place to place.
fn mp4(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = vec![0, 0, 0, 0x20, b'f', b't', b'y', b'p'];
    bytes.extend((8..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes
}

/// The bucket's listing of the lessons' prefix (S3's XML).
async fn bucket_listing(s3: &S3Server) -> anyhow::Result<String> {
    let url = format!("{}/{BUCKET}?list-type=2&prefix=lessons/", s3.endpoint);
    Ok(reqwest::get(url).await?.text().await?)
}

#[tokio::test]
async fn media_uploaded_through_one_node_stream_with_ranges_from_the_other() -> anyhow::Result<()> {
    let s3 = S3Server::start(BUCKET).await?;
    let test_db = TestDb::create(Backend::Postgres).await?;
    let db = cultivator_server::db::connect(&DbConfig::at(test_db.url.clone())).await?;
    demo::load(&db).await?;
    let course = small_course(&db, PublishState::Published).await?;
    let mut env = s3.node_env(BUCKET, "lessons");
    env.push(("CULTIVATOR_MEDIA_MAX_BYTES".into(), LIMIT.to_string()));
    let a = Node::start_with(&test_db.url, &env)?;
    let b = Node::start_with(&test_db.url, &env)?;

    // 12 MB through A: more than one 5 MB part of a multipart upload.
    let instructor = a.client()?;
    instructor.login_ok(DEMO_INSTRUCTOR, DEMO_PASSWORD).await?;
    let url = format!("/api/v1/lessons/{}/media", course.video);
    let video = mp4(12 * 1024 * 1024 + 17, 3);
    let upload = |bytes: &[u8]| {
        instructor
            .request(Method::PUT, &url)
            .header("content-type", "video/mp4")
            .body(bytes.to_vec())
            .send()
    };
    assert_eq!(upload(&video).await?.status(), StatusCode::NO_CONTENT);

    // Refused uploads replace nothing: one past the limit, one that is not
    // what it says.
    expect_error(
        upload(&mp4(LIMIT + 1, 5)).await?,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await?;
    let mut fake = b"<html>".to_vec();
    fake.resize(6 * 1024 * 1024, b' ');
    expect_error(
        upload(&fake).await?,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await?;

    // It is in the bucket, under the prefix, once, at its size (not on a
    // node's disk, which both nodes here would share).
    let listing = bucket_listing(&s3).await?;
    let key = format!("<Key>lessons/lesson-{}.mp4</Key>", course.video);
    assert_eq!(listing.matches("<Key>").count(), 1, "{listing}");
    assert!(listing.contains(&key), "{listing}");
    assert!(
        listing.contains(&format!("<Size>{}</Size>", video.len())),
        "{listing}"
    );

    // A trainee streams it through B.
    let trainee = b.client()?;
    trainee.login_ok(DEMO_TRAINEE, DEMO_PASSWORD).await?;
    learning::enroll(&trainee, course.id).await?;
    let get = |range: Option<&'static str>| {
        let request = trainee.request(Method::GET, &url);
        match range {
            Some(range) => request.header("range", range),
            None => request,
        }
        .send()
    };
    let total = video.len();
    let whole = get(None).await?;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(
        whole
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("video/mp4")
    );
    let etag = whole
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no ETag"))?;
    assert_eq!(whole.bytes().await?.as_ref(), video.as_slice());
    // The phone's cached copy is still the stored one: 304, no bytes.
    let cached = trainee
        .request(Method::GET, &url)
        .header("if-none-match", &etag)
        .send()
        .await?;
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    assert!(cached.bytes().await?.is_empty());
    let stale = trainee
        .request(Method::GET, &url)
        .header("if-none-match", "\"something-else\"")
        .send()
        .await?;
    assert_eq!(stale.status(), StatusCode::OK);

    let middle = get(Some("bytes=6000000-6000099")).await?;
    assert_eq!(middle.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        middle
            .headers()
            .get("content-range")
            .and_then(|v| v.to_str().ok()),
        Some(format!("bytes 6000000-6000099/{total}").as_str())
    );
    assert_eq!(middle.bytes().await?.as_ref(), &video[6_000_000..6_000_100]);

    let tail = get(Some("bytes=-10")).await?;
    assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail.bytes().await?.as_ref(), &video[total - 10..]);

    let beyond = get(Some("bytes=99999999-")).await?;
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        beyond
            .headers()
            .get("content-range")
            .and_then(|v| v.to_str().ok()),
        Some(format!("bytes */{total}").as_str())
    );

    // A lesson with no media is a 404, not a store error.
    let none = trainee
        .get(&format!("/api/v1/lessons/{}/media", course.optional_video))
        .await?;
    assert_eq!(none.status(), StatusCode::NOT_FOUND);

    // Replaced by a WebM (another key), the MP4 leaves the bucket: the
    // store keeps only what a lesson points at.
    let mut webm = vec![0x1A, 0x45, 0xDF, 0xA3];
    webm.extend(std::iter::repeat_n(7u8, 4096));
    let replaced = instructor
        .request(Method::PUT, &url)
        .header("content-type", "video/webm")
        .body(webm.clone())
        .send()
        .await?;
    assert_eq!(replaced.status(), StatusCode::NO_CONTENT);
    let listing = bucket_listing(&s3).await?;
    assert_eq!(listing.matches("<Key>").count(), 1, "{listing}");
    let webm_key = format!("<Key>lessons/lesson-{}.webm</Key>", course.video);
    assert!(listing.contains(&webm_key), "{listing}");
    assert_eq!(get(None).await?.bytes().await?.as_ref(), webm.as_slice());
    Ok(())
}
