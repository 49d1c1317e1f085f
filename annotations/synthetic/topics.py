"""The beats of the synthetic desk, each with figure families, rhetoric and sources.

Plain data. Each topic has "families" of figures: a whole (the denominator)
and the parts a speaker might quote as a share of it (counts, predicate, share
range), so claims can carry figures with a `part_of`, as the demo case does
(662,566 of nearly 7 million).
"""

from __future__ import annotations

from annotations.synthetic.vocabulary import Family, Topic

# fmt: off
TOPICS: tuple[Topic, ...] = (
    Topic(
        tag="immigration",
        families=(
            Family("people on ICE's non-detained docket", "people", 3e6, 8e6, (
                ("noncitizens with criminal histories on the non-detained docket", "people with criminal histories", 0.05, 0.15),
                ("convicted criminals on the non-detained docket", "convicted criminals", 0.03, 0.09),
                ("people on the docket with pending criminal charges", "facing pending criminal charges", 0.02, 0.05),
            )),
            Family("border encounters at the southwest border", "encounters", 2e5, 2.5e6, (
                ("encounters with family units", "families", 0.2, 0.45),
                ("unaccompanied children encountered", "unaccompanied children", 0.04, 0.12),
                ("repeat crossers", "repeat crossers", 0.1, 0.3),
            )),
            Family("pending cases in the immigration court backlog", "cases", 1e6, 4e6, (
                ("asylum cases waiting for a hearing", "asylum cases", 0.3, 0.6),
                ("cases pending for more than three years", "older than three years", 0.1, 0.3),
            )),
            Family("removals and returns", "people", 1e5, 1.2e6, (
                ("removals of people with criminal convictions", "people with criminal convictions", 0.3, 0.6),
            )),
            Family("green cards issued", "people", 4e5, 1.1e6, (
                ("green cards issued to relatives of citizens", "relatives of citizens", 0.4, 0.65),
                ("employment-based green cards", "employment-based", 0.1, 0.2),
            )),
            Family("refugees admitted", "people", 1e4, 1.25e5, (
                ("refugees resettled in the state", "resettled here", 0.01, 0.1),
            )),
            Family("visas overstayed", "people", 3e5, 8e5, (
                ("student visas overstayed", "student visas", 0.05, 0.15),
            )),
        ),
        rhetoric=(
            "The border is wide open and everybody knows it.",
            "Sanctuary policies end up shielding dangerous criminals.",
            "These are people who came here to work and raise their families.",
            "We have lost operational control of the border.",
            "Deportations are at the highest level in a decade.",
            "Nobody is being released onto the streets without a hearing.",
        ),
        terms=(
            "non-detained", "docket", "encounter", "released", "removal", "asylum seeker",
        ),
        agencies=(
            "U.S. Immigration and Customs Enforcement", "U.S. Customs and Border Protection",
            "Executive Office for Immigration Review", "U.S. Department of Homeland Security",
        ),
        roles=(
            "Acting Director, {agency}", "Chief of the U.S. Border Patrol",
            "Secretary of Homeland Security",
        ),
    ),
    Topic(
        tag="crime",
        families=(
            Family("violent crimes reported to police", "crimes", 5e4, 1.3e6, (
                ("homicides", "homicides", 0.01, 0.03),
                ("aggravated assaults", "aggravated assaults", 0.5, 0.7),
                ("robberies", "robberies", 0.15, 0.3),
            )),
            Family("people released from state prisons", "people", 2e4, 6e5, (
                ("people re-arrested within three years", "re-arrested within three years", 0.4, 0.7),
                ("people convicted of drug possession", "convicted of drug possession", 0.1, 0.3),
            )),
            Family("arrests made by city police", "arrests", 1e4, 3e5, (
                ("arrests for drug possession", "for drug possession", 0.1, 0.25),
                ("arrests of repeat offenders", "repeat offenders", 0.2, 0.4),
            )),
            Family("vehicles stolen", "vehicles", 1e4, 1e6, (
                ("stolen vehicles recovered", "recovered", 0.4, 0.8),
            )),
            Family("officers on the police force", "officers", 1e3, 4e4, (
                ("officers who retired or resigned last year", "left the force", 0.04, 0.12),
            )),
        ),
        rhetoric=(
            "Crime is out of control in our cities.",
            "Our neighborhoods are safer than they have been in a generation.",
            "Convicted criminals are walking free because of soft-on-crime prosecutors.",
            "We funded the police and violent crime went down.",
            "Families deserve to feel safe in their own communities.",
        ),
        terms=(
            "violent crime", "conviction", "pending charge", "recidivism", "clearance rate",
        ),
        agencies=(
            "Federal Bureau of Investigation", "Bureau of Justice Statistics",
            "U.S. Sentencing Commission",
        ),
        roles=(
            "District Attorney of {city}", "Police Commissioner of {city}",
            "Attorney General of {state}",
        ),
    ),
    Topic(
        tag="economy",
        families=(
            Family("jobs added to the economy", "jobs", 5e4, 1.5e7, (
                ("manufacturing jobs added", "manufacturing jobs", 0.03, 0.12),
                ("jobs in leisure and hospitality", "in leisure and hospitality", 0.1, 0.3),
            )),
            Family("working-age adults", "people", 1e8, 2.1e8, (
                ("unemployed workers", "unemployed", 0.03, 0.08),
                ("workers in part-time jobs who want full-time work", "involuntary part-time workers", 0.02, 0.05),
            )),
            Family("small businesses", "businesses", 1e6, 3.3e7, (
                ("new business applications", "new applications", 0.05, 0.2),
            )),
        ),
        rhetoric=(
            "We built the greatest economy in the history of the world.",
            "Working families can't afford groceries anymore.",
            "Wages are finally growing faster than prices.",
            "Inflation is a tax on every American family.",
            "The recovery has reached every corner of the country.",
        ),
        terms=(
            "inflation", "real wages", "jobs report", "recession", "core prices",
        ),
        agencies=(
            "Bureau of Labor Statistics", "Bureau of Economic Analysis", "Federal Reserve Board",
        ),
        roles=(
            "Secretary of Labor", "Chair of the Council of Economic Advisers", "Treasury Secretary",
        ),
    ),
    Topic(
        tag="health",
        families=(
            Family("residents of the state", "people", 5e5, 3.9e7, (
                ("people without health insurance", "uninsured", 0.04, 0.18),
                ("people enrolled in Medicaid", "enrolled in Medicaid", 0.15, 0.3),
            )),
            Family("drug overdose deaths", "deaths", 2e3, 1.1e5, (
                ("overdose deaths involving fentanyl", "involving fentanyl", 0.5, 0.75),
            )),
            Family("hospital beds", "beds", 1e4, 9e5, (
                ("intensive care beds", "intensive care beds", 0.08, 0.15),
            )),
        ),
        rhetoric=(
            "Nobody should go bankrupt because they got sick.",
            "Fentanyl is pouring across the border and killing our kids.",
            "Premiums have doubled since the law passed.",
            "We expanded coverage and saved rural hospitals.",
        ),
        terms=(
            "uninsured", "overdose death", "premium", "excess mortality",
        ),
        agencies=(
            "Centers for Disease Control and Prevention", "Census Bureau",
            "Kaiser Family Foundation",
        ),
        roles=(
            "Secretary of Health and Human Services", "State Health Commissioner",
            "Surgeon General",
        ),
    ),
    Topic(
        tag="education",
        families=(
            Family("public school students", "students", 1e5, 5e7, (
                ("students reading below grade level", "reading below grade level", 0.3, 0.6),
                ("students who are chronically absent", "chronically absent", 0.1, 0.3),
            )),
            Family("borrowers with federal student loans", "borrowers", 1e6, 4.5e7, (
                ("borrowers in default", "in default", 0.1, 0.2),
            )),
            Family("public school teachers", "teachers", 1e4, 3.2e6, (
                ("teachers who left the profession last year", "left the profession", 0.05, 0.1),
            )),
        ),
        rhetoric=(
            "Our kids are falling further behind every year.",
            "Teachers are leaving the classroom in record numbers.",
            "Parents deserve a say in what their children learn.",
            "We cancelled debt for millions of borrowers.",
        ),
        terms=(
            "grade level", "chronic absence", "default", "graduation rate",
        ),
        agencies=(
            "National Center for Education Statistics", "U.S. Department of Education",
            "Federal Student Aid",
        ),
        roles=(
            "Secretary of Education", "State Superintendent of Public Instruction",
            "President of the {city} school board",
        ),
    ),
    Topic(
        tag="climate and energy",
        families=(
            Family("megawatt-hours of electricity generated", "MWh", 1e7, 4.2e9, (
                ("megawatt-hours from wind and solar", "from wind and solar", 0.1, 0.3),
                ("megawatt-hours from coal", "from coal", 0.1, 0.25),
            )),
            Family("acres burned by wildfires", "acres", 1e5, 1e7, (
                ("acres burned on federal land", "on federal land", 0.4, 0.7),
            )),
            Family("barrels of oil produced per day", "barrels", 1e6, 1.3e7, (
                ("barrels produced per day on federal leases", "on federal leases", 0.2, 0.3),
            )),
        ),
        rhetoric=(
            "We are producing more oil than any country in history.",
            "The climate crisis is already costing families billions.",
            "Gas prices doubled because of this administration's war on energy.",
            "Clean energy is creating jobs in every state.",
        ),
        terms=(
            "net zero", "emissions", "capacity", "carbon capture",
        ),
        agencies=(
            "Energy Information Administration", "Environmental Protection Agency",
            "National Interagency Fire Center",
        ),
        roles=(
            "Secretary of Energy", "Governor of {state}", "EPA Administrator",
        ),
    ),
    Topic(
        tag="housing",
        families=(
            Family("renter households", "households", 1e5, 4.5e7, (
                ("households spending more than half their income on rent", "severely cost-burdened", 0.2, 0.3),
                ("eviction filings", "eviction filings", 0.02, 0.06),
            )),
            Family("people experiencing homelessness", "people", 1e3, 7e5, (
                ("people sleeping unsheltered", "unsheltered", 0.3, 0.6),
                ("veterans experiencing homelessness", "veterans", 0.05, 0.1),
            )),
        ),
        rhetoric=(
            "Rents are eating up every raise working people get.",
            "We are building homes faster than any city in the country.",
            "Homelessness has become a humanitarian crisis on our streets.",
        ),
        terms=(
            "affordable housing", "eviction", "unsheltered", "housing starts",
        ),
        agencies=(
            "U.S. Department of Housing and Urban Development", "Census Bureau",
            "Joint Center for Housing Studies",
        ),
        roles=(
            "Mayor of {city}", "Secretary of Housing and Urban Development",
            "Housing Commissioner of {city}",
        ),
    ),
    Topic(
        tag="elections",
        families=(
            Family("ballots cast", "ballots", 1e5, 1.6e8, (
                ("mail ballots", "mail ballots", 0.2, 0.5),
                ("ballots rejected", "rejected", 0.001, 0.01),
            )),
            Family("registered voters", "voters", 1e5, 1.8e8, (
                ("voters removed from the rolls", "removed from the rolls", 0.01, 0.05),
                ("noncitizens found on the rolls", "noncitizens", 1e-05, 0.0002),
            )),
        ),
        rhetoric=(
            "This was the most secure election in American history.",
            "Thousands of illegal votes were cast and nobody did anything.",
            "Every eligible voter deserves to have their ballot counted.",
        ),
        terms=(
            "provisional ballot", "voter roll", "audit", "chain of custody",
        ),
        agencies=(
            "Election Assistance Commission", "Secretary of State's office",
            "Brennan Center for Justice",
        ),
        roles=(
            "Secretary of State of {state}", "County Election Director",
            "U.S. Senator ({party}, {state})",
        ),
    ),
    Topic(
        tag="budget and taxes",
        families=(
            Family("dollars of federal spending", "USD", 1e12, 7e12, (
                ("dollars of foreign aid", "foreign aid", 0.005, 0.015),
                ("dollars of defense spending", "defense", 0.1, 0.15),
                ("dollars of interest on the debt", "interest on the debt", 0.08, 0.14),
            )),
            Family("tax filers", "filers", 1e7, 1.6e8, (
                ("filers who got a tax cut", "got a tax cut", 0.6, 0.85),
                ("filers earning more than $400,000", "earning more than $400,000", 0.01, 0.03),
            )),
        ),
        rhetoric=(
            "Washington doesn't have a revenue problem, it has a spending problem.",
            "Billionaires pay a lower tax rate than teachers and firefighters.",
            "We cut taxes for working families, not the wealthy.",
            "The deficit is exploding and our children will pay for it.",
        ),
        terms=(
            "deficit", "debt", "tax rate", "discretionary spending",
        ),
        agencies=(
            "Congressional Budget Office", "Joint Committee on Taxation", "Tax Policy Center",
        ),
        roles=(
            "Chair of the House Budget Committee", "U.S. Representative ({party}, {state})",
            "Director of the Office of Management and Budget",
        ),
    ),
    Topic(
        tag="trade",
        families=(
            Family("dollars of goods imported", "USD", 1e11, 3.2e12, (
                ("dollars of goods imported from China", "from China", 0.12, 0.22),
                ("dollars collected in tariffs", "collected in tariffs", 0.01, 0.05),
            )),
            Family("manufacturing jobs", "jobs", 1e6, 1.3e7, (
                ("manufacturing jobs lost to imports", "lost to imports", 0.01, 0.05),
            )),
        ),
        rhetoric=(
            "Tariffs are paid by foreign countries, not by Americans.",
            "Our trade deals shipped good-paying jobs overseas.",
            "Tariffs are a tax on American consumers.",
        ),
        terms=(
            "tariff", "trade deficit", "reshoring", "supply chain",
        ),
        agencies=(
            "U.S. International Trade Commission", "Office of the U.S. Trade Representative",
            "Peterson Institute for International Economics",
        ),
        roles=(
            "U.S. Trade Representative", "Secretary of Commerce", "Governor of {state}",
        ),
    ),
    Topic(
        tag="foreign policy",
        families=(
            Family("dollars of military aid to Ukraine", "USD", 5e9, 1.8e11, (
                ("dollars of aid already delivered", "already delivered", 0.4, 0.8),
            )),
            Family("U.S. troops stationed abroad", "troops", 1e5, 2.2e5, (
                ("troops stationed in Europe", "in Europe", 0.3, 0.5),
            )),
            Family("arms sales approved", "USD", 5e10, 2.4e11, (
                ("arms sales to Gulf states", "to Gulf states", 0.1, 0.3),
            )),
        ),
        rhetoric=(
            "America's allies are paying their fair share for the first time.",
            "We are sending billions overseas while our own cities struggle.",
            "Our adversaries respect strength, and they saw weakness.",
        ),
        terms=(
            "NATO", "sanctions", "ceasefire", "appropriation",
        ),
        agencies=(
            "U.S. Department of State", "Department of Defense",
            "Kiel Institute for the World Economy",
        ),
        roles=(
            "Secretary of State", "Chair of the Senate Foreign Relations Committee",
            "National Security Adviser",
        ),
    ),
    Topic(
        tag="guns",
        families=(
            Family("firearm deaths", "deaths", 1e3, 4.9e4, (
                ("firearm suicides", "suicides", 0.5, 0.6),
                ("deaths in mass shootings", "in mass shootings", 0.005, 0.02),
            )),
            Family("background checks processed", "checks", 1e6, 3.9e7, (
                ("background checks denied", "denied", 0.005, 0.015),
            )),
            Family("guns recovered at crime scenes", "guns", 1e4, 4e5, (
                ("guns traced to out-of-state dealers", "traced out of state", 0.3, 0.6),
            )),
        ),
        rhetoric=(
            "Law-abiding gun owners are not the problem.",
            "Universal background checks would save lives, and most gun owners support them.",
            "Ghost guns are turning up at crime scenes every day.",
        ),
        terms=(
            "ghost gun", "background check", "red flag law", "straw purchase",
        ),
        agencies=(
            "Bureau of Alcohol, Tobacco, Firearms and Explosives", "Gun Violence Archive",
            "RAND Corporation",
        ),
        roles=(
            "Attorney General of {state}", "U.S. Senator ({party}, {state})", "Sheriff of {city}",
        ),
    ),
    Topic(
        tag="social security and medicare",
        families=(
            Family("Social Security beneficiaries", "people", 5e7, 7e7, (
                ("retired workers receiving benefits", "retired workers", 0.7, 0.8),
                ("people receiving disability benefits", "on disability", 0.1, 0.13),
            )),
            Family("Medicare enrollees", "people", 5e7, 6.7e7, (
                ("Medicare Advantage enrollees", "in Medicare Advantage", 0.45, 0.55),
            )),
        ),
        rhetoric=(
            "They want to cut the benefits seniors paid into their whole lives.",
            "Social Security will be insolvent in ten years if nobody acts.",
            "We will never touch Medicare, period.",
        ),
        terms=(
            "trust fund", "insolvency", "cost-of-living adjustment", "payroll tax",
        ),
        agencies=(
            "Social Security Administration", "Centers for Medicare & Medicaid Services",
            "Committee for a Responsible Federal Budget",
        ),
        roles=(
            "Commissioner of Social Security", "Chair of the Senate Finance Committee",
            "U.S. Representative ({party}, {state})",
        ),
    ),
    Topic(
        tag="infrastructure",
        families=(
            Family("bridges in poor condition", "bridges", 1e3, 4.5e4, (
                ("bridges repaired with federal money", "repaired", 0.05, 0.2),
            )),
            Family("miles of road repaved", "miles", 1e3, 1.9e5, (
                ("miles of highway rebuilt", "highway", 0.1, 0.3),
            )),
            Family("households without broadband", "households", 1e5, 2.4e7, (
                ("rural households without broadband", "rural", 0.4, 0.7),
            )),
        ),
        rhetoric=(
            "We are finally fixing the roads and bridges people drive on every day.",
            "Not one shovel has gone into the ground.",
            "Every family deserves high-speed internet.",
        ),
        terms=(
            "shovel-ready", "broadband", "earmark", "grant",
        ),
        agencies=(
            "Federal Highway Administration", "Federal Communications Commission",
            "American Society of Civil Engineers",
        ),
        roles=(
            "Secretary of Transportation", "Governor of {state}", "Mayor of {city}",
        ),
    ),
    Topic(
        tag="abortion",
        families=(
            Family("abortions performed", "abortions", 1e4, 1e6, (
                ("abortions by medication", "by medication", 0.5, 0.65),
                ("abortions after 21 weeks", "after 21 weeks", 0.005, 0.01),
            )),
            Family("clinics providing abortions", "clinics", 50, 800, (
                ("clinics closed since the ruling", "closed", 0.05, 0.2),
            )),
        ),
        rhetoric=(
            "This decision belongs to women and their doctors.",
            "They support abortion up until the moment of birth.",
            "We will protect both the mother and the child.",
        ),
        terms=(
            "viability", "medication abortion", "trigger law", "exception",
        ),
        agencies=(
            "Guttmacher Institute", "Society of Family Planning",
            "Centers for Disease Control and Prevention",
        ),
        roles=(
            "Governor of {state}", "Attorney General of {state}",
            "State Senator ({party}, {state})",
        ),
    ),
    Topic(
        tag="technology",
        families=(
            Family("data breaches reported", "breaches", 500, 3e3, (
                ("breaches at health care providers", "at health care providers", 0.2, 0.3),
            )),
            Family("jobs in semiconductor manufacturing", "jobs", 5e4, 3.5e5, (
                ("jobs created by new chip plants", "at new chip plants", 0.05, 0.2),
            )),
        ),
        rhetoric=(
            "Big Tech is censoring ordinary Americans.", "We brought chip manufacturing back home.",
            "Artificial intelligence will change every job in this country.",
        ),
        terms=(
            "artificial intelligence", "content moderation", "data privacy", "chip subsidy",
        ),
        agencies=(
            "Federal Trade Commission", "Department of Commerce", "Pew Research Center",
        ),
        roles=(
            "Chair of the Federal Trade Commission", "Secretary of Commerce",
            "U.S. Senator ({party}, {state})",
        ),
    ),
)
# fmt: on
