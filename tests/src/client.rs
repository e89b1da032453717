//! A typed HTTP client for the API, as a browser would use it: its own cookie
//! jar, and the CSRF header on every request unless told otherwise.

use cultivator_shared::api::auth::{LoginRequest, RegisterRequest, UserView};
use cultivator_shared::{ApiErrorBody, CSRF_HEADER, CSRF_HEADER_VALUE, ErrorCode};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub struct ApiClient {
    pub base_url: String,
    pub http: reqwest::Client,
}

impl ApiClient {
    pub fn new(base_url: &str, send_csrf_header: bool) -> anyhow::Result<Self> {
        let mut headers = HeaderMap::new();
        if send_csrf_header {
            headers.insert(CSRF_HEADER, HeaderValue::from_static(CSRF_HEADER_VALUE));
        }
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .build()?;
        Ok(Self {
            base_url: base_url.to_owned(),
            http,
        })
    }

    /// The same browser (its cookies) talking to the node at `base_url`:
    /// cookies are kept per host, not per port, as a browser keeps them.
    pub fn on(&self, base_url: &str) -> ApiClient {
        ApiClient {
            base_url: base_url.to_owned(),
            http: self.http.clone(),
        }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base_url))
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Response> {
        Ok(self.request(Method::GET, path).send().await?)
    }

    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        body: &impl Serialize,
    ) -> anyhow::Result<Response> {
        Ok(self.request(method, path).json(body).send().await?)
    }

    pub async fn post(&self, path: &str, body: &impl Serialize) -> anyhow::Result<Response> {
        self.send_json(Method::POST, path, body).await
    }

    pub async fn register(&self, request: &RegisterRequest) -> anyhow::Result<Response> {
        self.post("/api/v1/auth/register", request).await
    }

    pub async fn login(&self, mobile: &str, password: &str) -> anyhow::Result<Response> {
        self.post(
            "/api/v1/auth/login",
            &LoginRequest {
                mobile: mobile.into(),
                password: password.into(),
            },
        )
        .await
    }

    /// Logs in and fails the test unless it succeeds.
    pub async fn login_ok(&self, mobile: &str, password: &str) -> anyhow::Result<UserView> {
        expect_json(self.login(mobile, password).await?, StatusCode::OK).await
    }

    pub async fn me(&self) -> anyhow::Result<Response> {
        self.get("/api/v1/auth/me").await
    }
}

/// A trainee registration that passes validation.
pub fn registration(name: &str, mobile: &str) -> RegisterRequest {
    RegisterRequest {
        name: name.into(),
        mobile: mobile.into(),
        password: "harvest2026".into(),
        region_code: "51".into(),
    }
}

/// Asserts the status and decodes the JSON body.
pub async fn expect_json<T: DeserializeOwned>(
    response: Response,
    status: StatusCode,
) -> anyhow::Result<T> {
    let actual = response.status();
    let text = response.text().await?;
    anyhow::ensure!(actual == status, "expected {status}, got {actual}: {text}");
    Ok(serde_json::from_str(&text)?)
}

/// Asserts the status and the error code, returning the error body.
pub async fn expect_error(
    response: Response,
    status: StatusCode,
    code: ErrorCode,
) -> anyhow::Result<ApiErrorBody> {
    let body: ApiErrorBody = expect_json(response, status).await?;
    anyhow::ensure!(body.code == code, "expected code {code:?}, got {body:?}");
    Ok(body)
}
