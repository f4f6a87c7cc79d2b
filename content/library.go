package content

// build makes the library of every language from the checked content.
func build(site siteText, links []linkText, pages []pageText, warnings []Problem, review *reviewData) *Library {
	langs := make(map[Lang]*Library)
	for _, lang := range Languages {
		lib := &Library{Lang: lang, Warnings: warnings, langs: langs, review: review}
		count := func(ts ...localText) bool {
			any := false
			for _, t := range ts {
				if t.fallback[lang] {
					lib.Untranslated++
					any = true
				}
			}
			return any
		}
		lib.Site = Site{
			Name:       site.name.in(lang),
			ShortName:  site.shortName.in(lang),
			Title:      site.title.in(lang),
			Source:     site.source.in(lang),
			LinksTitle: site.linksTitle.in(lang),
			LinksIntro: site.linksIntro.in(lang),
		}
		count(site.name, site.shortName, site.title, site.linksTitle, site.linksIntro)
		link := func(l linkText) Link {
			return Link{
				Title:        l.title.in(lang),
				Description:  l.description.in(lang),
				URL:          l.url.in(lang),
				Status:       l.status,
				Group:        l.group.in(lang),
				Note:         withAsOf(l.note.in(lang), l.review.asOf, lang),
				Untranslated: count(l.title, l.description, l.note),
			}
		}
		if site.banner != nil {
			lib.Site.Banner = link(*site.banner)
		}
		group := ""
		for _, l := range links {
			if g := l.group.in(lang); g != group {
				group = g
				count(l.group)
			}
			lib.Links = append(lib.Links, link(l))
		}
		for _, p := range pages {
			page := p.en
			if t, ok := p.translations[lang]; ok && lang != English {
				t.AtEnd = p.en.AtEnd
				if t.Summary == "" && p.en.Summary != "" {
					t.Summary = p.en.Summary
					lib.Untranslated++
				}
				page = t
			} else if lang != English {
				page.Untranslated = true
				lib.Untranslated++
			}
			page.Body = withContact(page.Body, site.contact, lang)
			lib.Pages = append(lib.Pages, page)
		}
		langs[lang] = lib
	}
	return langs[English]
}
