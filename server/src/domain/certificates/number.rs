//! Drawing new certificate numbers (the format is
//! `cultivator_shared::certificate`).

use cultivator_shared::certificate::{ALPHABET, RANDOM_CHARS, format_number};
use rand::Rng;
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::certificates;

/// A fresh random number for a holder living in `home` (a region code; its
/// first two digits are the province, `00` if it has none).
pub fn draw(year: i32, home: &str) -> String {
    let province = home
        .get(..2)
        .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("00");
    let mut rng = rand::thread_rng();
    let random: String = (0..RANDOM_CHARS)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    // Cannot fail: every part is well-formed by construction.
    format_number(year.clamp(1000, 9999), province, &random).unwrap_or(random)
}

/// A number no certificate has yet. With 50 random bits a clash is all
/// but impossible; the loop makes it impossible.
pub async fn unused(db: &impl ConnectionTrait, year: i32, home: &str) -> Result<String, DbErr> {
    loop {
        let number = draw(year, home);
        if certificates::by_number(db, &number).await?.is_none() {
            return Ok(number);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cultivator_shared::certificate::normalise_number;

    #[test]
    fn drawn_numbers_are_well_formed_and_carry_the_province() {
        for _ in 0..100 {
            let n = draw(2026, "510121100201");
            assert!(n.starts_with("2026-51-"), "{n}");
            assert_eq!(normalise_number(&n).as_deref(), Some(n.as_str()));
        }
        assert!(draw(2026, "").starts_with("2026-00-"));
    }
}
