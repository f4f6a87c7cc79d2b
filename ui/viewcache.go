package ui

import tea "charm.land/bubbletea/v2"

// viewCache keeps the last view drawn. Bubble Tea (and the frames renderer)
// ask for the view after every update, and building it (the layout, word
// wrapping, the footer) is most of what a key costs: a key that does
// nothing on the current screen, held down or streamed in by a client, would
// otherwise cost a whole redraw each time.
//
// Every update that may change what is shown gives the model a new
// generation; an update known to change nothing keeps the old one, and the
// view drawn for a generation is reused. Generations are unique, so a stale
// copy of the model (Bubble Tea copies it at every call) never gets another
// copy's view.
type viewCache struct {
	last uint64 // the last generation handed out
	gen  uint64 // the generation view was drawn for; 0: none
	view tea.View
	made int // views drawn, for tests
}

// next is a new generation, for a model that may have changed.
func (c *viewCache) next() uint64 {
	if c == nil {
		return 0
	}
	c.last++
	return c.last
}

// get returns the view drawn for gen, if it is the last one drawn.
func (c *viewCache) get(gen uint64) (tea.View, bool) {
	if c == nil || gen == 0 || c.gen != gen {
		return tea.View{}, false
	}
	return c.view, true
}

func (c *viewCache) put(gen uint64, v tea.View) {
	if c != nil {
		c.made++
		if gen != 0 {
			c.gen, c.view = gen, v
		}
	}
}

// Update handles one message (update, in model.go), and gives the model a
// new generation unless it is known to have changed nothing on screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.unchanged = false
	next, cmd := m.update(msg)
	nm, ok := next.(Model)
	if !ok {
		return next, cmd
	}
	nm.reuse = nm.unchanged
	if !nm.unchanged {
		nm.gen = nm.views.next()
	}
	nm.unchanged = false
	return nm, cmd
}

// View draws the screen, or, after an update that changed nothing, returns
// the view already drawn for this generation of the model. (Only then: the
// model's methods may change it outside Update, as tests do.)
func (m Model) View() tea.View {
	if v, ok := m.views.get(m.gen); ok && m.reuse {
		return v
	}
	v := m.view()
	m.views.put(m.gen, v)
	return v
}
