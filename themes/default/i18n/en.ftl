# Interface text of candor's default theme, in English.
#
# Each message is used by the template named in the heading above it.
# Text from the site's own files (titles, names, menus, form questions) is
# not here: it is already in the right language.
#
# `{ $count }` is a number and picks the plural form; other `{ $name }`
# values are text the template passes in. Where a sentence has a link in
# it, the text before and after the link are separate messages (…-before,
# …-after); each may be written as {""} when a language needs nothing there.
#
# Messages that scripts show (data-… attributes) must keep their
# placeholders such as `{ $query }` and `{ $total }` as they are.

## Shared by several templates

# Between the items of a short list ("Oregon, Washington"), spaces included.
list-separator = {", "}
# Between items of a list whose items may contain commas.
list-separator-long = {"; "}
# Between the last two items of a list written out in a sentence
# ("articles, questions and other pages"), spaces included.
list-last-separator = {" and "}
# Before an error message, for screen readers, and at the start of the
# browser tab's title when a form has errors.
error-prefix = Error:
# How long an article takes to read, in minutes.
reading-time = { $count ->
    [one] { $count } min read
   *[other] { $count } min read
}
quick-exit = Exit this page

## Crisis resources (base.html, index.html, intake.html, intake-message.html, intake-thanks.html)
## Each line reads "Service name: call 988, or text 988 (website)".

crisis-call = call
# In the banner at the top of every page: "…: call 988, text 988".
crisis-text = text
# In lists of crisis resources: "…: call 988, or text 988".
crisis-or-text = or text
# Link text of a resource's website.
crisis-website = website
crisis-heading = If you need help right now

## base.html

skip-to-content = Skip to main content
# Announced to screen readers by the quick-exit script.
quick-exit-leaving = Leaving this page.
# Announced after each press of the Shift key, followed by quick-exit-remaining.
quick-exit-pressed = { $count ->
    [one] Shift pressed { $count } time.
   *[other] Shift pressed { $count } times.
}
quick-exit-remaining = { $count ->
    [one] Press it { $count } more time to leave this page.
   *[other] Press it { $count } more times to leave this page.
}
# Link in the header to the search page.
search-link = Search
# Label of the list of languages in the header.
language-switcher-label = Language
# After a language's name in the language switcher, when the page has no
# translation in that language and the link leads to its home page. Shown
# in that language.
switcher-home-only = home page
# Label of the main menu.
main-nav-label = Main
# The button that opens the main menu on narrow screens.
menu-button = Menu
crisis-banner-label = Crisis support
crisis-banner-heading = Need help now?
breadcrumbs-label = Breadcrumb
footer-disclaimer = The articles on this site are for education. They are not a diagnosis, and they do not replace care from a licensed professional who knows you.
# Followed by the practice's email address.
footer-email = Email:
# Followed by the practice's phone number.
footer-phone = Phone:
footer-about = About us
footer-privacy = Privacy
footer-browsing-safely = Browsing safely
# Link to the Atom feed.
footer-feed = News feed

## index.html

home-find-heading = Find a licensed therapist
home-find-text = Tell us a little about what you are looking for, and our intake team will suggest therapists who are licensed where you live.
home-find-button = Find a licensed therapist
home-topics-heading = Topics
home-start-here-heading = Start here
home-explore-heading = Explore

## partials/untranslated.html (section and home pages)

# Heading above the pages of a section that are not translated into the
# page's language yet.
untranslated-heading = Not yet translated
untranslated-note = { $count ->
    [one] This page is only in its original language for now.
   *[other] These pages are only in their original language for now.
}

## partials/pagination.html

pagination-label = Pages
pagination-previous = Previous page
pagination-next = Next page
pagination-position = Page { $number } of { $total }

## partials/review.html

review-last-reviewed = Page last reviewed
review-due = Next review due
review-by = Reviewed by

## article.html

article-topics-label = Topics
# Followed by the page's content warning.
content-warning-label = Content warning:
content-warning-stop = You can stop reading at any time.
# Around the "Exit this page" link: "The [Exit this page] link takes you to another site."
content-warning-exit-before = The
content-warning-exit-after = link takes you to another site.
# Heading of an article's table of contents.
toc-heading = On this page
faq-heading = Common questions
# Followed by the article's tags.
tags-label = Tags:
article-therapists-heading = Therapists who work with this
# $states: the states a therapist is licensed in, as a list.
article-therapist-licensed-in = Licensed in { $states }.
article-therapist-not-accepting = Not taking new clients right now.
related-heading = Related articles
# Label of the links to the previous and next article; $section is the
# section's title.
pager-label = More in { $section }
pager-previous = Previous
pager-next = Next

## partials/therapist_card.html and therapist.html

therapist-accepting = Accepting new clients
therapist-not-accepting = Not taking new clients right now
therapist-card-example = Example profile: this person is fictional.
therapist-licensed-in = Licensed in
# Who comes to sessions (individuals, couples…).
therapist-sees = Sees
therapist-sessions = Sessions
therapist-sessions-video = Video
# Followed by the office's town.
therapist-sessions-video-and-in-person = Video and in person in
# Followed by the office's town.
therapist-sessions-in-person = In person in
therapist-languages = Languages

## therapist.html

# Description for search engines when the profile has none.
therapist-description = A therapist at { $site }
profile-example = Example profile: this person is fictional, written to show how the directory works.
profile-works-with = Works with
profile-approaches = Approaches
profile-affirming = Affirming
profile-sessions-heading = Sessions and fees
profile-where = Where
# $name: the therapist's name.
profile-where-video = Video sessions for people who live where { $name } is licensed
# Followed by the office's town.
profile-where-video-and-in-person = Video sessions for people who live where { $name } is licensed; in person in
# Followed by the office's town.
profile-where-in-person = In person in
profile-fees = Fees
profile-sliding-scale = Sliding scale
profile-sliding-scale-yes = Yes, lower fees are available: ask when you get in touch
profile-sliding-scale-no = No
profile-insurance = Insurance
profile-insurance-none = Not in network with insurers; you can ask for a receipt to claim out-of-network benefits
profile-licenses-heading = Licenses
profile-licenses-text = Therapists can only see clients who live in a state where they are licensed. You can look a license up with the state's licensing board.
# $state: the state's name; $kind: the kind of license (LMFT…); $number: its number.
profile-license = { $state }: { $kind }, license number { $number }
profile-ask-match = Ask to be matched with a therapist

## directory.html

directory-default-title = Therapists
# Title of a filtered list in the browser tab; $filter is a state, topic or language.
directory-filter-title = Therapists: { $filter }
directory-heading-state = Therapists licensed in { $state }
directory-heading-language = Therapists who offer sessions in { $language }
# $topic is in lower case.
directory-heading-topic = Therapists who work with { $topic }
directory-filter-count = { $count ->
    [one] { $count } therapist
   *[other] { $count } therapists
}, { $accepting ->
    [one] { $accepting } accepting new clients.
   *[other] { $accepting } accepting new clients.
}
directory-see-all = See all therapists
directory-intro = Therapists can only see people who live in a state where they hold a license, so start with your state.
# Around a link: "Or [tell us what you are looking for] and we will match you."
directory-intro-or = Or
directory-intro-tell-us = tell us what you are looking for
directory-intro-match = and we will match you.
directory-ask-match = Ask us to match you with a therapist
directory-browse-heading = Browse therapists
directory-by-state = By state
directory-by-topic = By what they work with
directory-by-language = By language
filter-heading = Filter this list
filter-state = State you live in
filter-state-any = Any state
filter-topic = Works with
filter-topic-any = Anything
filter-language = Language
filter-language-any = Any language
# Who comes to the sessions (individuals, couples…).
filter-format = Who is coming
filter-format-any = Anyone
filter-telehealth = Offers video sessions
filter-reset = Clear filters
directory-list-heading-all = All therapists
directory-list-heading-filtered = Therapists
# Also shown by the filter script, with every therapist shown.
directory-showing = { $count ->
    [one] Showing { $count } therapist.
   *[other] Showing { $count } therapists.
}
# Shown by the filter script when some therapists are hidden; $total is
# how many the list has.
directory-showing-of = { $count ->
    [one] Showing { $count } therapist of { $total }.
   *[other] Showing { $count } therapists of { $total }.
}
directory-empty = No therapist in this list matches all of those filters.
directory-empty-try = Try removing one.
# Followed by the link directory-empty-ask and a full stop.
directory-empty-try-or = Try removing one, or
directory-empty-ask = ask us to help you find someone

## intake.html

intake-description = Ask to be matched with a licensed therapist.
intake-before-heading = Before you start
intake-reply-time = Nobody reads this form around the clock. It can take up to two working days for someone to reply.
intake-danger = If you are in danger or might act on thoughts of harming yourself, do not use this form.
# A link to the list of crisis resources further down the page.
intake-get-help-link = See where to get help now
# Around the "Exit this page" link.
intake-exit-before = If someone might see your screen, you can leave at any time with
intake-exit-after = , or by pressing the Shift key three times.
error-summary-title = There is a problem
# After the question of a field that may be left empty.
field-optional = (optional)
intake-privacy-link = Read our privacy notice
intake-privacy-note = (opens in this tab; your answers so far may be lost).
# First, empty choice of a drop-down list.
select-choose = Choose…
# Label of a field hidden from people, to catch spam robots.
honeypot-label = Leave this field empty
# Around a link: "You can also [browse our therapists] yourself."
intake-browse-before = You can also
intake-browse-link = browse our therapists
intake-browse-after = yourself.

## intake-message.html

# Followed by the practice's phone number and a full stop.
intake-message-call-us = You can also call us on

## intake-thanks.html

thanks-title = Thank you
thanks-description = What happens after you ask to be matched with a therapist.
thanks-heading = Thank you: we have your answers
thanks-next-heading = What happens next
thanks-next-read = Someone from our intake team reads your answers, usually within two working days.
thanks-next-contact = They contact you the way you asked, and only that way. If you said not to leave messages, they will not.
thanks-next-call = You have a short call to check the fit, at no cost. You can ask anything, and you do not have to go ahead.
thanks-locked = Your answers are locked so that only our intake team can read them. They are not stored anywhere else, and nothing you wrote appears in this page's address.
thanks-matches-heading = Therapists who may be a good fit
thanks-no-match-heading = Finding a therapist
thanks-resources-heading = Other places to look for help
# $state: the state the person lives in.
thanks-matches-text = These therapists are licensed in { $state } and accepting new clients, listed with the best fit for your answers first. We will confirm availability when we contact you.
# Followed by topics the therapist works with.
thanks-match-reason = Works with:
thanks-nobody-licensed = We are sorry: none of our therapists is licensed in { $state } yet, so we cannot offer you sessions. We will still reply, with suggestions of where to look for a licensed therapist near you.
thanks-nobody-accepting = Our therapists licensed in { $state } are not taking new clients at the moment. We will reply to talk about a waiting list or other options.
thanks-unknown-state = We could not tell which state you live in, so we cannot suggest a therapist yet. We will ask when we contact you.
thanks-crisis-heading = If you need help before we reply
thanks-back-home = Back to the home page
thanks-browse-therapists = Browse therapists

## search.html

search-title = Search
# $site: the site's title.
search-description = Search { $site }, or browse every article, question and page from A to Z.
search-label = Search this site
search-hint = Searching happens in your browser: what you type is not sent to this site or to anyone else.
search-button = Search
search-noscript = JavaScript is off, so this box cannot search here: pressing Search would only reload this page with your words in its address, where this site's server could see them. Use the lists below instead, or your browser's “Find in page” (Ctrl+F, or ⌘F on a Mac).
# Shown by the search script while it loads the index.
search-status-searching = Searching…
# Shown by the search script; $query is what the person typed.
search-status-common-words = “{ $query }” has only very common words. Try other words.
search-status-no-results = No results for “{ $query }”. Try other words, or browse the lists below.
search-status-partial = No page has all of “{ $query }”; { $count ->
    [one] { $count } result has
   *[other] { $count } results have
} some of these words.
search-status-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
} for “{ $query }”.
search-status-unavailable = Search is not available right now. The lists below link to every page.
search-status-unsupported = This browser cannot search this site. The lists below link to every page.
search-status-corrected = Showing results for “{ $query }” instead of “{ $typed }”.
search-results-heading = Results
search-more = Show more results
search-browse-heading = Browse everything
# $groups: the kinds of pages, in lower case, as a list ("articles, questions and other pages").
search-browse-intro = All the { $groups } on this site, from A to Z.
search-browse-intro-topics = All the { $groups } on this site, from A to Z, then by topic.
search-by-topic = By topic
# $group: a kind of page ("Articles").
search-a-to-z-heading = { $group }, A to Z
search-letters-label = { $group } by first letter
# After a kind of page, or a topic, on the search page: how many there are.
search-browse-count = ({ $count })
search-topic-count = ({ $count ->
    [one] { $count } page
   *[other] { $count } pages
})
# Links to the therapist directory's page of a topic.
search-topic-therapists = { $count ->
    [one] The therapist who works with it
   *[other] The { $count } therapists who work with it
}

## search-list.html: one page of the A to Z list of a kind of page

# The page's title when the list has several pages.
search-list-title-page = { $group }, A to Z (page { $number } of { $total })
# For search engines.
search-list-description = { $group } on { $site }, from A to Z.
# Under the heading: how many the list has.
search-list-intro = { $count } in all.
# A letter heading at the top of a page, when the letter began on the page before.
search-list-letter-continued = { $letter } (continued)
search-list-pages-label = Pages of this list
# The name of a numbered link to a page of the list.
search-list-page = Page { $number }

## taxonomy.html

# How many pages have a topic or tag.
taxonomy-page-count = { $count ->
    [one] { $count } page
   *[other] { $count } pages
}

## 404.html

not-found-title = Page not found
not-found-text = There is no page at this address. It may have moved, or the link may have a typing mistake.
# Around a link: "Go to the [home page] to find what you were looking for."
not-found-home-before = Go to the
not-found-home-link = home page
not-found-home-after = to find what you were looking for.

## alias.html

alias-title = This page has moved
# Followed by the page's new address and a full stop.
alias-now-at = It is now at

## Messages used by candor's own code


breadcrumb-home = Home
directory-title = Therapists

format-individual = Individuals
format-couples = Couples
format-relationship = Relationships of three or more

affirming-lgbtq = LGBTQ+ affirming
affirming-trans = Trans and non-binary affirming
affirming-kink = Kink-aware
affirming-nonmonogamy = Affirming of open and polyamorous relationships
affirming-asexual = Asexual and aromantic affirming

search-group-article = Articles
search-group-question = Questions
search-group-therapist = Therapists
search-group-faq = Question pages
search-group-section = Sections
search-group-page = Other pages
search-letter-other = Other

form-error-unknown-field = The form sent an answer it does not ask for (`{ $name }`). Reload the page and try again.
form-error-unknown-fields = The form sent { $count } answers it does not ask for, such as `{ $name }`. Reload the page and try again.
form-error-unreadable = This answer has characters that could not be read. Please type it again.
form-error-expired = This form was open for a long time. Check your answers and send it again.
form-error-consent = Tick the box to agree before sending the form
form-error-choose = Choose an answer: { $label }
form-error-choose-some = Choose at least one: { $label }
form-error-answer = Answer this question: { $label }
form-error-one-answer = This question takes one answer. Choose one and send the form again.
form-error-not-listed = Choose one of the answers listed for: { $label }
form-error-twice = Each choice can be ticked once.
form-error-email = Enter an email address in the right format, like name@example.com
form-error-phone = Enter a phone number using digits, like 555 010 0123; you may start with +
form-error-too-long = { $max ->
    [one] Keep this to { $max } character or fewer
   *[other] Keep this to { $max } characters or fewer
}
form-error-control = Remove the special characters from this answer

intake-rate-limited-title = Please wait a minute
intake-rate-limited-text = This form has been sent many times from your connection in the last minute. Wait a minute, then try again. Your answers were not saved.
intake-cross-origin-title = This form must be sent from our site
intake-cross-origin-text = The form was sent from another website, so it was not accepted. Open the form on our site and send it from there.
intake-bad-type-title = The form could not be read
intake-bad-type-text = The answers arrived in a format this form does not accept. Open the form on our site and send it from there.
intake-too-large-title = Your answers are too long
intake-too-large-text = The form was too long to accept. Shorten the longest answers and send it again.
intake-not-saved-title = Your answers were not saved
intake-not-saved-text = Something went wrong on our side and nothing was stored. Please try again in a few minutes, or contact us by phone.

# Dates, e.g. "October 5, 2026".
date-long = { $month } { $day }, { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

# The intake form's send button, when the form schema names none.
form-submit = Send

## Blocks in the text of a page (article.html, page.html, faq.html, glossary.html)

# The label of each kind of callout, a box that stands out in the text
# (`> [!NOTE]` in markdown). A site names its own kinds in candor.yaml.
callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution
# Heading of the box of key points at the top of an article.
key-points-heading = Key points
# Heading of the list of works an article cites.
sources-heading = Sources
# A citation's number in the text, as screen readers say it.
source-label = Source { $number }
# Link from a work in the list of sources back to where the text cites it;
# $count is how many times the text cites it, $mention which of them.
source-back = { $count ->
    [one] Back to the text
   *[other] Back to citation { $mention } in the text
}
# The button after a link to a glossary term, which shows the definition.
glossary-term-button = What does “{ $term }” mean?
# In a definition shown in place: the link to the glossary's entry.
glossary-term-more = More in the glossary
glossary-term-close = Close
# Label of the glossary's list of first letters.
glossary-letters-label = Terms by first letter
