//! Showing personal data only as far as a reader needs it. Who sees what is
//! written down in `docs/personal-data.md`; this module holds the masking
//! that the server applies before data leaves it.

/// How much of a mobile number a reader may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileView {
    /// The whole number: the reader calls the person.
    Full,
    /// Masked by [`mask_mobile`]: the reader only tells people apart.
    Masked,
}

impl MobileView {
    pub fn show(self, mobile: &str) -> String {
        match self {
            MobileView::Full => mobile.to_owned(),
            MobileView::Masked => mask_mobile(mobile),
        }
    }
}

/// A mobile number with its middle four digits hidden: `138****0010`. Enough
/// to tell two people on one list apart and for the person to recognise
/// their own number, not enough to call them. Anything that is not an
/// 11-character number is hidden entirely, so no input is shown unmasked.
pub fn mask_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    if chars.len() == 11 && chars.iter().all(char::is_ascii_digit) {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[7..].iter().collect();
        format!("{head}****{tail}")
    } else {
        "*".repeat(chars.len().min(11))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_middle_four_digits_are_hidden() {
        assert_eq!(mask_mobile("13800000010"), "138****0010");
        assert_eq!(mask_mobile("19912345678"), "199****5678");
    }

    #[test]
    fn anything_else_is_hidden_entirely() {
        assert_eq!(mask_mobile(""), "");
        assert_eq!(mask_mobile("1380000"), "*******");
        assert_eq!(mask_mobile("138-0000-0010"), "***********");
        assert_eq!(mask_mobile("1380000001x"), "***********");
    }

    #[test]
    fn a_view_shows_the_whole_number_or_the_masked_one() {
        assert_eq!(MobileView::Full.show("13800000010"), "13800000010");
        assert_eq!(MobileView::Masked.show("13800000010"), "138****0010");
    }

    #[test]
    fn a_masked_number_masked_again_shows_nothing() {
        assert_eq!(mask_mobile(&mask_mobile("13800000010")), "***********");
    }
}
