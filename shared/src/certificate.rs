//! Certificate numbers and the masked holder name: rules the server, the
//! verify page and the command line all apply, so they live here.
//!
//! A number reads `2026-51-K7Q3M-9XDWA-H`: the programme year, the holder's
//! province (two digits of the region code, the only place-related thing it
//! tells), ten random characters of Crockford's base32 (50 bits: with lookups
//! throttled, guessing a valid number is hopeless) and a check character.
//! Crockford's alphabet has no I, L, O or U, and reading one of the first
//! three as the digit it looks like is forgiven, so a number typed from
//! paper or read over the phone still finds its certificate; the check
//! character (Luhn mod 32) catches any single wrong character and nearly
//! every swap of two neighbours before a lookup is spent on it.

/// Crockford's base32 alphabet.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// How many random characters a number carries.
pub const RANDOM_CHARS: usize = 10;

/// Characters of a number without separators: year, province, random, check.
const PLAIN_LEN: usize = 4 + 2 + RANDOM_CHARS + 1;

fn value_of(c: u8) -> Option<u32> {
    let c = match c.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|a| *a == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// The Luhn mod 32 check character of `body` (characters of [`ALPHABET`]).
pub fn check_char(body: &str) -> Option<char> {
    let mut sum = 0;
    // From the right, every second character is doubled (Luhn mod N).
    for (i, c) in body.bytes().rev().enumerate() {
        let mut v = value_of(c)?;
        if i % 2 == 0 {
            v *= 2;
            v = v / 32 + v % 32;
        }
        sum += v;
    }
    let check = (32 - sum % 32) % 32;
    ALPHABET.get(check as usize).map(|b| char::from(*b))
}

/// The number for these parts, with its check character: `year` (four
/// digits), `province` (two digits), `random` ([`RANDOM_CHARS`] characters of
/// [`ALPHABET`]). `None` if a part is malformed.
pub fn format_number(year: i32, province: &str, random: &str) -> Option<String> {
    let year = format!("{year:04}");
    let ok = year.len() == 4
        && province.len() == 2
        && province.bytes().all(|b| b.is_ascii_digit())
        && random.len() == RANDOM_CHARS
        && random.bytes().all(|b| ALPHABET.contains(&b));
    if !ok {
        return None;
    }
    let check = check_char(&format!("{year}{province}{random}"))?;
    Some(format!(
        "{year}-{province}-{}-{}-{check}",
        &random[..5],
        &random[5..]
    ))
}

/// The canonical form of a typed number (any case, with or without hyphens
/// or spaces, O/I/L read as 0/1), or `None` if it cannot be a number: wrong
/// length, a foreign character, or a wrong check character.
pub fn normalise_number(input: &str) -> Option<String> {
    if input.len() > 64 {
        return None;
    }
    let mut plain = String::with_capacity(PLAIN_LEN);
    for c in input.bytes() {
        if c == b'-' || c == b' ' {
            continue;
        }
        let v = value_of(c)?;
        plain.push(char::from(*ALPHABET.get(v as usize)?));
    }
    if plain.len() != PLAIN_LEN {
        return None;
    }
    let (body, check) = plain.split_at(PLAIN_LEN - 1);
    if check_char(body)?.to_string() != check {
        return None;
    }
    let year: i32 = body.get(..4)?.parse().ok()?;
    format_number(year, body.get(4..6)?, body.get(6..)?)
}

/// A holder's name as the public verify page shows it: the first and last
/// characters, the ones between masked (张*英, 欧**锋); a two-character name
/// keeps its first (张*).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => chars.iter().collect(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut out = String::new();
            out.push(chars[0]);
            out.extend(std::iter::repeat_n('*', n - 2));
            out.push(chars[n - 1]);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_round_trips_through_typing() {
        let n = format_number(2026, "51", "K7Q3M9XDWA").unwrap_or_default();
        assert!(n.starts_with("2026-51-K7Q3M-9XDWA-"));
        assert_eq!(normalise_number(&n).as_deref(), Some(n.as_str()));
        let typed = n.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(normalise_number(&typed).as_deref(), Some(n.as_str()));
    }

    #[test]
    fn single_wrong_characters_and_neighbour_swaps_are_caught() {
        let n = format_number(2026, "44", "ABCDEFGHJK").unwrap_or_default();
        let plain: Vec<u8> = n.bytes().filter(|b| *b != b'-').collect();
        for i in 0..plain.len() {
            for a in ALPHABET {
                if *a == plain[i] {
                    continue;
                }
                let mut typo = plain.clone();
                typo[i] = *a;
                let typo = String::from_utf8(typo).unwrap_or_default();
                assert_eq!(normalise_number(&typo), None, "{typo}");
            }
            if i + 1 < plain.len() && plain[i] != plain[i + 1] {
                let mut swapped = plain.clone();
                swapped.swap(i, i + 1);
                let swapped = String::from_utf8(swapped).unwrap_or_default();
                assert_eq!(normalise_number(&swapped), None, "{swapped}");
            }
        }
    }

    #[test]
    fn malformed_input_is_no_number() {
        assert_eq!(normalise_number(""), None);
        assert_eq!(normalise_number("2026-51-K7Q3M-9XDWA"), None);
        assert_eq!(normalise_number("2026-51-K7Q3M-9XDWA-U"), None);
        assert_eq!(normalise_number("证书"), None);
        assert_eq!(format_number(2026, "5", "K7Q3M9XDWA"), None);
    }

    #[test]
    fn names_are_masked_between_first_and_last() {
        assert_eq!(mask_name("张三英"), "张*英");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳小锋"), "欧**锋");
        assert_eq!(mask_name("㛃"), "㛃");
        assert_eq!(mask_name(""), "");
    }
}
