//! When a decision record is next reviewed, and where that leaves it on a given day: the one
//! place the review rules, `evidence-pack reviews` and the pack's review column work this out.

use super::{Date, DecisionRecord};

/// Days ahead within which a review counts as due soon; also how far ahead
/// `evidence-pack reviews` looks unless told otherwise.
pub const DUE_SOON_DAYS: u32 = 28;

/// Where a record's review stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    /// A closed record is not reviewed any more.
    Closed,
    /// An active record with no date for its next review (see [`DecisionRecord::next_review_due`]).
    NoPlan,
    /// Due on `due`, more than [`DUE_SOON_DAYS`] after the as-of date.
    InDate { due: Date },
    /// Due on `due`: on the as-of date or within [`DUE_SOON_DAYS`] after it.
    DueSoon { due: Date },
    /// Was due on `due`, `days` days (one or more) before the as-of date.
    Overdue { due: Date, days: u64 },
}

impl ReviewState {
    pub fn of(record: &DecisionRecord, as_of: Date) -> ReviewState {
        if !record.is_active() {
            return ReviewState::Closed;
        }
        let Some(due) = record.next_review_due() else {
            return ReviewState::NoPlan;
        };
        let days_ahead = as_of.days_until(due);
        if days_ahead < 0 {
            ReviewState::Overdue {
                due,
                days: days_ahead.unsigned_abs(),
            }
        } else if days_ahead <= i64::from(DUE_SOON_DAYS) {
            ReviewState::DueSoon { due }
        } else {
            ReviewState::InDate { due }
        }
    }

    /// The next review's due date (`None` when closed or without a plan).
    pub fn due(self) -> Option<Date> {
        match self {
            ReviewState::Closed | ReviewState::NoPlan => None,
            ReviewState::InDate { due }
            | ReviewState::DueSoon { due }
            | ReviewState::Overdue { due, .. } => Some(due),
        }
    }
}

impl DecisionRecord {
    /// The first review due date when nothing has been reviewed yet.
    pub fn first_review_due(&self) -> Option<Date> {
        let review = self.review.as_ref()?;
        review.next_due.or_else(|| {
            self.every_days()
                .map(|days| self.decision.decided_on.add_days(days.into()))
        })
    }

    /// SPEC section 4: latest review + every_days; with no review yet, the first due date.
    pub fn next_review_due(&self) -> Option<Date> {
        match self.latest_review() {
            Some(latest) => self
                .every_days()
                .map(|days| latest.on.add_days(days.into())),
            None => self.first_review_due(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(iso: &str) -> Date {
        Date::parse_iso(iso).unwrap()
    }

    /// A minimal record decided on `decided_on`, with `tables` (a [review] and [[reviews]]) added.
    fn record(decided_on: &str, tables: &str) -> DecisionRecord {
        let text = format!(
            "id = \"D-1\"\ntitle = \"t\"\nperson = \"AB\"\nopened = 2020-01-01\n\n[choice]\nsummary = \"s\"\n\n[decision]\noutcome = \"supported\"\ndecided_on = {decided_on}\n\n{tables}"
        );
        toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn review(on: &str) -> String {
        format!("[[reviews]]\non = {on}\nby = \"Key worker\"\noutcome = \"Fine.\"\n\n")
    }

    fn due(record: &DecisionRecord) -> Option<String> {
        record.next_review_due().map(Date::iso)
    }

    #[test]
    fn next_review_is_the_latest_review_plus_every_days() {
        let r = record(
            "2026-03-02",
            &format!("[review]\nevery_days = 28\n\n{}", review("2026-03-30")),
        );
        assert_eq!(due(&r).as_deref(), Some("2026-04-27"));
        // Once there is a review, next_due (the first due date) no longer applies.
        let r = record(
            "2026-03-02",
            &format!(
                "[review]\nevery_days = 28\nnext_due = 2026-03-15\n\n{}",
                review("2026-04-01")
            ),
        );
        assert_eq!(due(&r).as_deref(), Some("2026-04-29"));
        assert_eq!(
            r.first_review_due().map(Date::iso).as_deref(),
            Some("2026-03-15")
        );
    }

    #[test]
    fn reviews_may_be_listed_in_any_order() {
        let tables = format!(
            "[review]\nevery_days = 28\n\n{}{}{}",
            review("2026-05-01"),
            review("2026-03-01"),
            review("2026-04-01")
        );
        let r = record("2026-02-01", &tables);
        assert_eq!(
            r.latest_review().map(|x| x.on.iso()).as_deref(),
            Some("2026-05-01")
        );
        assert_eq!(due(&r).as_deref(), Some("2026-05-29"));
        let tables = format!(
            "[review]\nevery_days = 28\n\n{}{}",
            review("2026-03-01"),
            review("2026-05-01")
        );
        assert_eq!(
            due(&record("2026-02-01", &tables)).as_deref(),
            Some("2026-05-29")
        );
    }

    #[test]
    fn with_no_review_yet_next_due_then_decided_on_plus_every_days() {
        let r = record(
            "2026-03-02",
            "[review]\nevery_days = 28\nnext_due = 2026-03-20\n",
        );
        assert_eq!(due(&r).as_deref(), Some("2026-03-20"));
        assert_eq!(r.first_review_due(), r.next_review_due());

        let r = record("2026-03-02", "[review]\nevery_days = 28\n");
        assert_eq!(due(&r).as_deref(), Some("2026-03-30"));
        assert_eq!(r.first_review_due(), r.next_review_due());

        // next_due alone still gives the first due date.
        let r = record("2026-03-02", "[review]\nnext_due = 2026-04-01\n");
        assert_eq!(due(&r).as_deref(), Some("2026-04-01"));
    }

    #[test]
    fn without_a_review_plan_nothing_is_due() {
        let r = record("2026-03-02", "");
        assert_eq!(r.first_review_due(), None);
        assert_eq!(r.next_review_due(), None);
        assert_eq!(r.every_days(), None);
        // Reviews without every_days: no next date can be worked out.
        let r = record(
            "2026-03-02",
            &format!("[review]\n\n{}", review("2026-03-30")),
        );
        assert_eq!(r.next_review_due(), None);
        let r = record("2026-03-02", &review("2026-03-30"));
        assert_eq!(r.next_review_due(), None);
    }

    #[test]
    fn review_dates_cross_leap_days() {
        // 2028 is a leap year: 29 February exists.
        let r = record("2028-02-01", "[review]\nevery_days = 28\n");
        assert_eq!(due(&r).as_deref(), Some("2028-02-29"));
        let r = record("2028-02-01", "[review]\nevery_days = 29\n");
        assert_eq!(due(&r).as_deref(), Some("2028-03-01"));
        let r = record(
            "2028-01-01",
            &format!("[review]\nevery_days = 1\n\n{}", review("2028-02-28")),
        );
        assert_eq!(due(&r).as_deref(), Some("2028-02-29"));
        // A review on 29 February, then a year of 365 days.
        let r = record(
            "2028-01-01",
            &format!("[review]\nevery_days = 365\n\n{}", review("2028-02-29")),
        );
        assert_eq!(due(&r).as_deref(), Some("2029-02-28"));
        // Across the whole leap year 2028 (366 days) from 1 January.
        let r = record("2028-01-01", "[review]\nevery_days = 366\n");
        assert_eq!(due(&r).as_deref(), Some("2029-01-01"));
        // 2027 and 2100 are not leap years.
        let r = record("2027-02-01", "[review]\nevery_days = 28\n");
        assert_eq!(due(&r).as_deref(), Some("2027-03-01"));
        let r = record("2100-02-28", "[review]\nevery_days = 1\n");
        assert_eq!(due(&r).as_deref(), Some("2100-03-01"));
    }

    #[test]
    fn every_days_of_zero_is_no_plan() {
        let r = record("2026-11-01", "[review]\nevery_days = 0\n");
        assert_eq!(r.every_days(), None);
        assert_eq!(due(&r), None);
    }

    #[test]
    fn review_dates_cross_month_and_year_ends() {
        let cases = [
            ("2026-01-31", 28, "2026-02-28"),
            ("2026-01-31", 30, "2026-03-02"),
            ("2026-04-30", 31, "2026-05-31"),
            ("2026-06-30", 1, "2026-07-01"),
            ("2026-12-31", 1, "2027-01-01"),
            ("2026-12-04", 28, "2027-01-01"),
        ];
        for (decided, every, expected) in cases {
            let r = record(decided, &format!("[review]\nevery_days = {every}\n"));
            assert_eq!(due(&r).as_deref(), Some(expected), "{decided} + {every}");
            let r = record(
                "2020-01-01",
                &format!("[review]\nevery_days = {every}\n\n{}", review(decided)),
            );
            assert_eq!(
                due(&r).as_deref(),
                Some(expected),
                "review {decided} + {every}"
            );
        }
        assert_eq!(date("2026-10-04").add_days(28), date("2026-11-01"));
    }

    #[test]
    fn the_state_on_the_as_of_date() {
        let as_of = date("2026-11-01");
        let state = |decided: &str, tables: &str| ReviewState::of(&record(decided, tables), as_of);
        let every_28 = "[review]\nevery_days = 28\n";
        assert_eq!(
            state("2026-10-03", every_28),
            ReviewState::Overdue {
                due: date("2026-10-31"),
                days: 1
            }
        );
        assert_eq!(
            state("2026-10-04", every_28),
            ReviewState::DueSoon {
                due: date("2026-11-01")
            }
        );
        // Due soon up to and including DUE_SOON_DAYS ahead, then in date.
        assert_eq!(
            state("2026-11-01", every_28),
            ReviewState::DueSoon {
                due: date("2026-11-29")
            }
        );
        assert_eq!(
            state("2026-11-02", every_28),
            ReviewState::InDate {
                due: date("2026-11-30")
            }
        );
        assert_eq!(state("2026-11-01", ""), ReviewState::NoPlan);
        assert_eq!(
            state("2026-11-01", "[review]\nevery_days = 0\n"),
            ReviewState::NoPlan
        );
        // The first due date alone is enough to be due.
        assert_eq!(
            state("2026-09-01", "[review]\nnext_due = 2026-10-01\n"),
            ReviewState::Overdue {
                due: date("2026-10-01"),
                days: 31
            }
        );
        let closed = record("2026-01-01", every_28);
        let closed = DecisionRecord {
            status: crate::model::decision::Status::Closed,
            ..closed
        };
        assert_eq!(ReviewState::of(&closed, as_of), ReviewState::Closed);
        assert_eq!(ReviewState::Closed.due(), None);
        assert_eq!(
            state("2026-10-03", every_28).due(),
            Some(date("2026-10-31"))
        );
    }
}
