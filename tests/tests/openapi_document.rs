//! The served OpenAPI document says where every parameter really is: a path
//! parameter appears in its path template and every `{name}` in a template
//! is declared as a path parameter; everything else (`limit`, `offset`,
//! `region`, …) is a query parameter. A client generated from the document,
//! or a fuzzer reading it, then sends them where the server reads them.

use cultivator_tests::{Backend, TestApp};
use reqwest::StatusCode;

#[tokio::test]
async fn every_parameter_is_declared_where_the_server_reads_it() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Sqlite).await?;
    let response = app.client()?.get("/api/openapi.json").await?;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: serde_json::Value = response.json().await?;
    let paths = doc["paths"]
        .as_object()
        .ok_or_else(|| anyhow::anyhow!("no paths"))?;
    let mut problems = Vec::new();
    let mut operations = 0;
    for (path, item) in paths {
        let placeholders: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            operations += 1;
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let in_path: Vec<&str> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            for name in &in_path {
                if !placeholders.contains(name) {
                    problems.push(format!("{method} {path}: `{name}` is not in the path"));
                }
            }
            for name in &placeholders {
                if !in_path.contains(name) {
                    problems.push(format!("{method} {path}: `{{{name}}}` is not declared"));
                }
            }
        }
    }
    assert!(operations > 70, "only {operations} operations documented");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    app.stop().await
}

/// Every `$ref` in the served document names a schema it defines: a
/// dangling one makes generated clients and the fuzzer refuse the
/// operation.
#[tokio::test]
async fn every_reference_resolves() -> anyhow::Result<()> {
    fn refs<'a>(value: &'a serde_json::Value, found: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    match (key.as_str(), inner.as_str()) {
                        ("$ref", Some(target)) => found.push(target),
                        _ => refs(inner, found),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let app = TestApp::spawn(Backend::Sqlite).await?;
    let doc: serde_json::Value = app.client()?.get("/api/openapi.json").await?.json().await?;
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(found.len() > 50, "only {} references", found.len());
    let dangling: Vec<&str> = found
        .into_iter()
        .filter(|target| {
            let Some(name) = target.strip_prefix("#/components/schemas/") else {
                return true;
            };
            doc["components"]["schemas"].get(name).is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "dangling: {dangling:?}");
    app.stop().await
}
