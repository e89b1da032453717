//! Printing certificates: one certificate as a trainee downloads it, a
//! class of N as one print-ready PDF, and the background batch of the same
//! N (that PDF and a ZIP of one PDF each, as the class page offers it),
//! rendered in this process with the server's own renderer and font, with a
//! logo and a seal. No database: the certificates are made up (and signed
//! with a throwaway key) so that only printing is measured.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cultivator_server::domain::certificates::credential::{self, Fields};
use cultivator_server::domain::certificates::{batch, number, pdf};
use cultivator_shared::CreditHours;
use cultivator_shared::api::certificates::CertificateKind;

#[derive(Debug, Clone, clap::Args)]
pub struct CertificatesBench {
    /// Certificates in the class-sized PDF.
    #[arg(long, default_value_t = 1000)]
    pub count: usize,
    /// Single certificates printed to time one.
    #[arg(long, default_value_t = 20)]
    pub singles: usize,
    #[arg(
        long,
        env = "CULTIVATOR_CERTIFICATE_FONT",
        default_value = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
    )]
    pub font: PathBuf,
    #[arg(long, env = "CULTIVATOR_CERTIFICATE_FONT_INDEX", default_value_t = 2)]
    pub font_index: u32,
    /// Also write one certificate's PDF here, to look at.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// What was measured.
#[derive(Debug, Clone)]
pub struct Figures {
    pub font_load: Duration,
    /// The median time to print one certificate.
    pub one: Duration,
    pub one_bytes: usize,
    pub class: Duration,
    pub class_bytes: usize,
    /// The background batch: the class's PDF and the ZIP of single PDFs.
    pub batch: Duration,
    pub batch_zip_bytes: usize,
}

/// A sample logo and seal (PNG), for the bench and for tests of uploads.
pub const SAMPLE_LOGO: &[u8] = include_bytes!("../assets/certificate-logo.png");
pub const SAMPLE_SEAL: &[u8] = include_bytes!("../assets/certificate-seal.png");

fn look() -> anyhow::Result<Arc<pdf::Look>> {
    let read =
        |bytes: &[u8]| pdf::Picture::read(bytes.to_vec(), pdf::PNG).map_err(anyhow::Error::msg);
    Ok(Arc::new(pdf::Look {
        issuer_en: "Sichuan Department of Agriculture and Rural Affairs".to_owned(),
        signatory_name: "李明".to_owned(),
        signatory_title: "厅长".to_owned(),
        logo: Some(read(SAMPLE_LOGO)?),
        seal: Some(read(SAMPLE_SEAL)?),
        ..pdf::Look::default()
    }))
}

/// Trainee names, rare characters included, so the font subset is realistic.
const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "欧阳", "司马"];
const GIVEN: [&str; 8] = ["建国", "㛃", "䶮", "秀英", "志强", "丽娟", "春生", "海燕"];

fn printable(n: usize, key: &ed25519_dalek::SigningKey, look: &Arc<pdf::Look>) -> pdf::Printable {
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let fields = Fields {
        number: number::draw(2026, "510121"),
        kind: CertificateKind::Class,
        holder_name: format!("{}{}", SURNAMES[n % 8], GIVEN[(n / 8) % 8]),
        title: "金堂县新型农业经营主体带头人培训班（第一期）".to_owned(),
        credit: CreditHours(320),
        completed_on: day,
        issued_on: day,
        issuer: "四川省农业农村厅".to_owned(),
    };
    let signature = credential::sign(key, &fields);
    pdf::Printable {
        look: look.clone(),
        qr_text: credential::verify_url("https://peixun.example.cn", 1, &fields, &signature),
        verify_hint: "https://peixun.example.cn/verify".to_owned(),
        revoked_on: None,
        fields,
    }
}

pub async fn run(bench: &CertificatesBench) -> anyhow::Result<Figures> {
    let started = Instant::now();
    let source = pdf::FontSource::new(bench.font.clone(), bench.font_index);
    let font = source.font()?;
    let font_load = started.elapsed();
    let (key, _) = credential::new_secret_key();
    let look = look()?;

    let mut singles = Vec::new();
    let mut one_bytes = 0;
    for n in 0..bench.singles.max(1) {
        let page = printable(n, &key, &look);
        let started = Instant::now();
        let printed = pdf::render(&font, &[page])?;
        singles.push(started.elapsed());
        one_bytes = printed.len();
        if let Some(out) = bench.out.as_ref().filter(|_| n == 1) {
            std::fs::write(out, &printed)?;
        }
    }
    singles.sort();
    let one = singles[singles.len() / 2];

    let pages: Vec<_> = (0..bench.count)
        .map(|n| printable(n, &key, &look))
        .collect();
    let started = Instant::now();
    let class_bytes = pdf::render(&font, &pages)?.len();
    let class = started.elapsed();

    let started = Instant::now();
    let (_, zip) = batch::print(font, pages, |_| async { Ok(()) }).await?;
    let batch = started.elapsed();

    let figures = Figures {
        font_load,
        one,
        one_bytes,
        class,
        class_bytes,
        batch,
        batch_zip_bytes: zip.len(),
    };
    println!(
        "font loaded in {:.1?}; one certificate: {:.1?} (median of {}), {} KB; \
         {} certificates in one PDF: {:.2?}, {:.1} MB; \
         as a background batch (that PDF and a ZIP of one PDF each): {:.2?}, ZIP {:.1} MB",
        figures.font_load,
        figures.one,
        singles.len(),
        figures.one_bytes / 1024,
        bench.count,
        figures.class,
        figures.class_bytes as f64 / 1_048_576.0,
        figures.batch,
        figures.batch_zip_bytes as f64 / 1_048_576.0
    );
    Ok(figures)
}
