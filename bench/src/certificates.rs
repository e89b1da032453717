//! Printing certificates: one certificate as a trainee downloads it, and a
//! class of N as one print-ready PDF, rendered in this process with the
//! server's own renderer and font. No database: the certificates are made
//! up (and signed with a throwaway key) so that only printing is measured.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cultivator_server::domain::certificates::credential::{self, Fields};
use cultivator_server::domain::certificates::{number, pdf};
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
}

/// Trainee names, rare characters included, so the font subset is realistic.
const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "欧阳", "司马"];
const GIVEN: [&str; 8] = ["建国", "㛃", "䶮", "秀英", "志强", "丽娟", "春生", "海燕"];

fn printable(n: usize, key: &ed25519_dalek::SigningKey) -> pdf::Printable {
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
        qr_text: credential::verify_url("https://peixun.example.cn", 1, &fields, &signature),
        verify_hint: "https://peixun.example.cn/verify".to_owned(),
        revoked_on: None,
        fields,
    }
}

pub fn run(bench: &CertificatesBench) -> anyhow::Result<Figures> {
    let started = Instant::now();
    let source = pdf::FontSource::new(bench.font.clone(), bench.font_index);
    let font = source.font()?;
    let font_load = started.elapsed();
    let (key, _) = credential::new_secret_key();

    let mut singles = Vec::new();
    let mut one_bytes = 0;
    for n in 0..bench.singles.max(1) {
        let page = printable(n, &key);
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

    let pages: Vec<_> = (0..bench.count).map(|n| printable(n, &key)).collect();
    let started = Instant::now();
    let class_bytes = pdf::render(&font, &pages)?.len();
    let class = started.elapsed();

    let figures = Figures {
        font_load,
        one,
        one_bytes,
        class,
        class_bytes,
    };
    println!(
        "font loaded in {:.1?}; one certificate: {:.1?} (median of {}), {} KB; \
         {} certificates in one PDF: {:.2?}, {:.1} MB",
        figures.font_load,
        figures.one,
        singles.len(),
        figures.one_bytes / 1024,
        bench.count,
        figures.class,
        figures.class_bytes as f64 / 1_048_576.0
    );
    Ok(figures)
}
