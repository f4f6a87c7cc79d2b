package linear

// Everything the linear mode says, in one place, so that it can join the
// rest of the kiosk's strings when they are translated. Each is one
// sentence or a few short ones, written to be heard: no symbols, no
// decoration, the key to press named in words.
const (
	sayTitle        = "%s: %s"       // site name, page title
	sayMenu         = "Menu:"        // above the numbered choices
	sayLinksEntry   = "%s, %d links" // the directory in the menu: its title, how many
	sayMenuPrompt   = "Type a number and press Enter. h for help, q to leave."
	sayMore         = "More: press Enter. m for the menu."
	sayPageEnd      = "End of the page. Press Enter for the menu."
	sayListEnd      = "End of the list. Type a number for details, or press Enter for the menu."
	sayLinkEnd      = "Press Enter for the list, or type another number. m for the menu."
	sayBannerEnd    = "Press Enter for the menu."
	sayBadNumber    = "Please type a number from 1 to %d, or q."
	sayBadReading   = "Please press Enter to go on, m for the menu, or q to leave."
	sayTooLong      = "That was too long."
	sayLinkEntry    = "%d. %s %s Address: %s (%s)." // number, title, description, address, status
	sayVerified     = "verified"
	sayLikely       = "likely, not yet confirmed"
	sayAddress      = "Address: %s"
	sayVerifiedLong = "The address is verified."
	sayLikelyLong   = "The address is likely, but not yet confirmed."
	sayNote         = "Note: %s"
	sayThanks       = "Thank you for visiting the %s."
	saySource       = "The original page: %s"
	sayInputLimit   = "This visit has reached its limit of typed text. Thank you for visiting; you are welcome to connect again."
)

// sayHelp is the answer to h: short enough for a 40x12 window.
var sayHelp = []string{
	"Help. Type a number and press Enter to choose.",
	"Long texts come a screenful at a time: press Enter for more.",
	"At any prompt: m for the menu, h for this help, q to leave.",
}
