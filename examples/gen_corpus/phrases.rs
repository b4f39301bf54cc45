//! The stock phrases the records are made of: ten kinds of choice, and the sentences that
//! fill their text.

use std::fmt::Write as _;

use super::Rng;

pub(crate) struct Topic {
    pub(crate) title: &'static str,
    pub(crate) theme: &'static str,
    pub(crate) want: &'static str,
    pub(crate) words: &'static [&'static str],
    pub(crate) matters: &'static str,
    pub(crate) risks: &'static [&'static str],
    pub(crate) alternatives: &'static [&'static str],
    pub(crate) actions: &'static [&'static str],
}

pub(crate) const TOPICS: &[Topic] = &[
    Topic {
        title: "Managing my own medication",
        theme: "medication",
        want: "wants to keep their medicines in their own room and take them without staff prompting",
        words: &[
            "I did my own tablets for years before I moved here.",
            "Staff knocking at eight every morning makes me feel like a patient.",
            "I know what each one is for. Let me show you.",
        ],
        matters: "Getting up when they like, and not having staff in their room first thing",
        risks: &[
            "Missed or doubled doses of a regular medicine",
            "A visitor could pick up tablets left out on the side",
        ],
        alternatives: &[
            "Staff continue to give every dose at set times",
            "Staff prompt at each dose while the person takes the tablets",
        ],
        actions: &[
            "Supply medicines in weekly blister packs",
            "Fit a lockable cabinet with the person holding the key",
            "Count tablets together weekly for the first two months",
            "Set phone alarms for the morning and evening doses",
        ],
    },
    Topic {
        title: "Travelling by train on my own",
        theme: "community-access",
        want: "wants to travel by train to see family without a member of staff",
        words: &[
            "I'm not a child. My brother gets the train on his own.",
            "I want to go when I want, not when there's a driver.",
            "I've done the journey with staff loads of times. I know it.",
        ],
        matters: "Seeing family on their own terms and being trusted",
        risks: &[
            "Getting lost or stranded after a cancelled train",
            "Being approached by strangers on the platform",
        ],
        alternatives: &[
            "Staff accompany every journey",
            "Only travel by taxi booked by the service",
        ],
        actions: &[
            "Practise the journey together, then with staff a carriage away",
            "Carry a travel card with what to do if a train is cancelled",
            "Text the key worker on arrival and before the return journey",
            "Keep a charged phone and a travel wallet with the ticket",
        ],
    },
    Topic {
        title: "Going to bed when I choose",
        theme: "daily-living",
        want: "wants to stay up late watching films rather than being helped to bed early",
        words: &[
            "Nobody tells you when to go to bed in your own house.",
            "I like the late films. That's my time.",
            "I sleep better when I go to bed when I'm tired.",
        ],
        matters: "Having the evening as their own time",
        risks: &[
            "Falling when going to bed alone late at night",
            "Being tired for morning appointments",
        ],
        alternatives: &[
            "Keep the rota time for help to bed",
            "Night staff check every hour until the person is in bed",
        ],
        actions: &[
            "Move the late call to when the person chooses",
            "Fit a night light and keep the route to the bedroom clear",
            "Use a pendant alarm at night",
            "Agree which mornings need an earlier night",
        ],
    },
    Topic {
        title: "Managing my own money",
        theme: "money",
        want: "wants to hold their own bank card and decide what to spend each week",
        words: &[
            "It's my money. I want to buy my own things.",
            "I don't like asking staff for my own cash.",
            "I want to save up for a holiday.",
        ],
        matters: "Choosing what to buy without asking permission",
        risks: &[
            "Running out of money before the end of the month",
            "Being pressured by others into handing over money",
        ],
        alternatives: &[
            "Staff keep the card and give a weekly allowance",
            "An appointee manages all of the money",
        ],
        actions: &[
            "Set up a separate account for bills",
            "Go through a simple weekly budget together",
            "Agree a daily spending limit on the card",
            "Talk about what to do if someone asks for money",
        ],
    },
    Topic {
        title: "Seeing my partner",
        theme: "relationships",
        want: "wants their partner to stay overnight at the flat",
        words: &[
            "We've been together two years. We want to be normal.",
            "I don't want staff knowing everything about us.",
            "It's my flat. I should be able to have my partner stay.",
        ],
        matters: "Privacy and a relationship like anyone else's",
        risks: &[
            "Exploitation within the relationship",
            "Disagreements between the couple and other tenants",
        ],
        alternatives: &["Visits only during the day", "Staff present during visits"],
        actions: &[
            "Talk through healthy relationships with the person, at their pace",
            "Agree house rules for overnight guests with all tenants",
            "Offer a named person to talk to in confidence",
            "Check in privately at each review",
        ],
    },
    Topic {
        title: "Smoking in my flat",
        theme: "smoking",
        want: "wants to smoke in their own flat in the evenings",
        words: &[
            "I've smoked since I was sixteen and I'm not stopping.",
            "Going outside in the cold at night isn't fair.",
            "I'll be careful. I always use the ashtray.",
        ],
        matters: "Smoking in comfort in their own home",
        risks: &[
            "Fire from a dropped cigarette",
            "Smoke reaching the flat next door",
        ],
        alternatives: &[
            "Smoking only in the garden shelter",
            "Nicotine replacement instead of cigarettes",
        ],
        actions: &[
            "Fit a linked smoke alarm and fire-retardant bedding",
            "Agree never to smoke in bed",
            "Ask the fire service for a home safety visit",
            "Use a deep metal ashtray and empty it each morning",
        ],
    },
    Topic {
        title: "Going to the pub with friends",
        theme: "community-access",
        want: "wants to go to the local pub with friends on a Friday without staff",
        words: &[
            "My mates don't have staff with them. I want to be like them.",
            "I know my limit. Two pints and then I come home.",
            "It's the best night of the week.",
        ],
        matters: "Friendships and being part of the community",
        risks: &[
            "Drinking more than planned and falling on the way home",
            "Getting into an argument with other customers",
        ],
        alternatives: &[
            "Staff accompany the person to the pub",
            "Only go to events run by the service",
        ],
        actions: &[
            "Agree a time to be home and text when leaving",
            "Save a taxi number in the phone",
            "Talk about alcohol and medicines with the GP",
            "Introduce the person to the landlord",
        ],
    },
    Topic {
        title: "Cooking on the hob",
        theme: "daily-living",
        want: "wants to cook their own meals on the hob instead of using the microwave",
        words: &[
            "Microwave food is boring. I want to cook proper dinners.",
            "My mum taught me to cook. I just need a bit of help.",
            "I want to cook for my friends.",
        ],
        matters: "Cooking real food and having friends round",
        risks: &[
            "Burns from hot pans or oil",
            "A pan left on the hob causing a fire",
        ],
        alternatives: &["Only use the microwave", "Staff cook all hot meals"],
        actions: &[
            "Cook together twice a week until the person feels confident",
            "Fit a hob with an automatic cut-off",
            "Use a kitchen timer for every meal",
            "Keep a fire blanket by the cooker",
        ],
    },
    Topic {
        title: "Walking to college on my own",
        theme: "community-access",
        want: "wants to walk to college without staff, crossing two main roads",
        words: &[
            "Everyone else walks. I feel stupid with staff next to me.",
            "I know the way. I've done it a hundred times.",
            "I want to be independent before I move out.",
        ],
        matters: "Being like other students",
        risks: &[
            "Crossing busy roads without waiting for the lights",
            "Being bullied on the way",
        ],
        alternatives: &[
            "Staff walk with the person every day",
            "Travel by minibus only",
        ],
        actions: &[
            "Practise the route with staff walking further behind each week",
            "Use the pedestrian crossings only",
            "Text the key worker on arrival",
            "Agree what to do if anyone is unkind",
        ],
    },
    Topic {
        title: "Leaving the front door unlocked",
        theme: "home-safety",
        want: "wants to leave the front door unlocked during the day so friends can call in",
        words: &[
            "I've never locked my door. My neighbours pop in.",
            "Keys are a faff and I lose them.",
            "I like people coming round.",
        ],
        matters: "An open house for neighbours and friends",
        risks: &[
            "Someone unknown walking in and taking things",
            "Other tenants' safety if the main entrance is left open",
        ],
        alternatives: &[
            "The door is kept locked at all times",
            "A key safe with staff holding the code",
        ],
        actions: &[
            "Fit a door chime so the person hears visitors",
            "Keep valuables in a lockable drawer",
            "The person locks up at night, by their own choice",
            "Agree with neighbours to knock before coming in",
        ],
    },
];

pub(crate) const SERVICES: &[&str] = &[
    "Riverside supported living",
    "Riverside home care",
    "Hillview residential home",
    "Meadow Court extra care",
];
pub(crate) const STATEMENTS: &[&str] = &[
    "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "E1", "E2", "E3", "E4", "E5", "E6", "C1", "C2",
    "C3", "C4", "C5", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "W1", "W2", "W3", "W4", "W5", "W6",
    "W7", "W8",
];
pub(crate) const ROLES: &[&str] = &[
    "Key worker",
    "Registered manager",
    "Deputy manager",
    "Senior support worker",
    "Occupational therapist",
    "Community pharmacist",
    "Social worker",
    "Family member",
    "Advocate",
];
pub(crate) const OPENERS: &[&str] = &[
    "We met with the person and the people they chose to involve",
    "The person asked for this meeting themselves",
    "Their key worker raised the choice at a regular one-to-one",
    "The question came up at a house meeting",
    "A family member asked us to look at this again",
];
pub(crate) const FACTS: &[&str] = &[
    "they understand the main risk and can describe what they would do if it happened",
    "they have managed this before, in a previous placement, without harm",
    "the risk is mostly to themselves and they accept it",
    "they were clear, consistent and calm when we talked it through over several weeks",
    "the measures they chose themselves make the risk smaller still",
    "their family support the choice and will help with the plan",
    "the professionals involved agreed that the plan is proportionate",
];
pub(crate) const PRINCIPLES: &[&str] = &[
    "An unwise decision is not the same as a lack of capacity",
    "Our starting point is *yes*, with support to make it work",
    "Taking the choice away would do more harm to their wellbeing than the risk itself",
    "We looked for the **least restrictive** way to meet the risk",
    "The plan can change at any review if things go wrong",
];
pub(crate) const REVIEW_NOTES: &[&str] = &[
    "The plan is working and nothing needs to change.",
    "One small problem, handled well by the person; the plan stays as it is.",
    "The person wants a little more freedom; we agreed a change to the plan.",
    "No incidents since the last review. Staff report growing confidence.",
    "A near miss was talked through together and one measure was added.",
    "The person asked to review less often; we agreed to keep the same interval for now.",
];
pub(crate) const PERSON_VIEWS: &[&str] = &[
    "It's going fine. I like doing it myself.",
    "I'm happy. Can we stop checking so often?",
    "It was hard at first but it's good now.",
    "I want to keep going like this.",
    "I feel more like me again.",
    "Nobody fusses now. That's how it should be.",
];

/// A paragraph of Markdown from stock phrases, with some emphasis.
pub(crate) fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    let mut out = String::new();
    let opener = OPENERS[rng.below(OPENERS.len())];
    let _ = write!(out, "{opener}. ");
    for k in 0..sentences {
        let fact = FACTS[rng.below(FACTS.len())];
        match rng.below(4) {
            0 => {
                let _ = write!(out, "We found that {fact}. ");
            }
            1 => {
                let _ = write!(out, "They told us that *{fact}*. ");
            }
            2 => {
                let _ = write!(out, "It matters that {fact}. ");
            }
            _ => {
                let _ = write!(out, "The assessment showed that {fact}. ");
            }
        }
        if k % 2 == 1 {
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

pub(crate) fn rationale(rng: &mut Rng, topic: &Topic) -> String {
    let mut out = String::new();
    let sentences = rng.range(3, 5);
    out.push_str(&paragraph(rng, sentences));
    out.push_str("\n\n");
    let _ = writeln!(out, "We agreed these conditions with them:\n");
    let count = rng.range(2, topic.actions.len());
    for action in topic.actions.iter().take(count) {
        let mut a = action.to_string();
        if let Some(first) = a.get_mut(0..1) {
            first.make_ascii_lowercase();
        }
        let _ = writeln!(out, "- {a};");
    }
    out.push('\n');
    let principle = PRINCIPLES[rng.below(PRINCIPLES.len())];
    let _ = write!(
        out,
        "{principle}. Going back to the old arrangement would take away control the person values, \
         for a risk that the plan already manages. That would not be proportionate."
    );
    if rng.chance(0.2) {
        out.push_str(
            "\n\n> See the [Mental Capacity Act code of practice](https://www.gov.uk/government/publications/mental-capacity-act-code-of-practice) for the principles we followed.",
        );
    }
    out
}
