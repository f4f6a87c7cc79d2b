// Package i18n is the kiosk's own words in each language it speaks (the
// pages and links are content), with plural forms, and the choice of a
// visitor's language from the SSH user name and the locale.
package i18n

import (
	"fmt"
	"strings"

	"github.com/embassy-kiosk/embassy/content"
)

// texts is every piece of text the kiosk itself says (the pages and links
// are content), in each language: one map per language, the same keys in
// each (TestTextsComplete checks). Spanish is addressed formally (usted), as
// an embassy writes to the public.
var texts = map[content.Lang]map[string]string{
	content.English: {
		// Home
		"home.intro":              "Press a number, or move with the arrows and press Enter.",
		"home.links.one":          "%d website of a body these pages name",
		"home.links.other":        "%d websites of the bodies these pages name",
		"home.untranslated.one":   "%d text is not translated yet and is shown in English.",
		"home.untranslated.other": "%d texts are not translated yet and are shown in English.",
		"toosmall":                "Please enlarge your window\nto at least %dx%d\n(now %dx%d)",
		"thanks":                  "Thank you for visiting the %s. %s",
		"closing":                 "The Embassy's kiosk is closing for maintenance. Thank you for visiting; please come back soon.",
		"busy":                    "The Embassy of Argentina's kiosk is busy: too many visitors at once.\nPlease try again in a minute. Thank you for your patience.",
		"closing.countdown":       "The kiosk is closing for maintenance in %d s. Thank you for visiting.",
		"limit":                   "This session has reached its time limit. Thank you for visiting; connect again to keep reading.",
		"limit.countdown":         "Time limit: this session ends in %d s. Connect again to keep reading.",
		"limit.countdown.short":   "Time limit: ends in %d s.",
		"closing.countdown.short": "Closing in %d s: maintenance.",
		"idle.countdown.short":    "Closing in %d s. Press a key.",
		"idle.countdown":          "No key pressed for a while: closing in %d s. Press any key to stay.",
		"booth.ctrlc":             "Press Ctrl+C again within %d s to quit.",
		"booth.reset":             "Starting over for the next visitor in %d s. Press any key to stay.",
		"booth.reset.short":       "Starting over in %d s. Press any key.",
		"attract.reach":           "Read it on your own device",
		"attract.type":            "Open a terminal on your phone or computer and type:",
		"attract.website":         "The Embassy's website:",
		"attract.scan":            "Or scan the code for the Embassy's website:",
		"attract.start":           "Press any key to start",
		"attract.short":           "Press any key",
		"idle.bye":                "No key was pressed for %s, so this visit has ended. %s",
		"idle.minute":             "a minute",
		"idle.minutes":            "%d minutes",
		"untranslated":            "(text not translated yet)",
		"page.untranslated":       "This page is not translated yet; it is shown in English.",

		// Directory
		"links.legend":  "%s address verified   %s address likely, not yet confirmed",
		"filter.prompt": "Filter: ",
		"filter.typing": "type words from a name, a description or an address",
		"filter.count":  "%d of %d",
		"filter.none":   "No matches. Esc clears the filter.",
		"filter.pages":  "Also in these pages (on the home screen, press the number):",

		// One entry
		"link.verified":     "%s Address verified",
		"link.likely":       "%s Address likely, not yet confirmed",
		"link.untranslated": "Part of this entry is not translated yet and is shown in English.",
		"link.scan":         "Scan the QR code with a phone's camera to open the address.",
		"link.scan.below":   "Scroll down for the QR code to scan with a phone's camera.",
		"link.qr.toosmall":  "The window is too small for this address's QR code, which needs %dx%d. Enlarge the window to scan it, or use the address above.",
		"link.qr.nocolour":  "You asked for no colour (NO_COLOR), so the code is drawn in your terminal's own colours; if a phone cannot read it, use the address above.",
		"link.qr.plain":     "This terminal shows no colours, so the code is drawn in its own; if a phone cannot read it, use the address above.",
		"link.qr.noblocks":  "This terminal cannot show the block characters a QR code is drawn with; use the address above.",
		"link.qr.error":     "No QR code can be made of this address; use the address above.",
		"link.copy":         "Press c to copy the address.",
		"link.copied":       "Copied to your clipboard (if your terminal allows it).",
		"link.copied.short": "Copied (if your terminal allows it).",

		// Keys: the short names in the help line
		"key.up":             "up",
		"key.down":           "down",
		"key.move":           "move",
		"key.scroll":         "scroll",
		"key.open":           "open",
		"key.back":           "back",
		"key.next":           "next",
		"key.prev":           "previous",
		"key.jump":           "open",
		"key.pageup":         "scroll up a screen",
		"key.pagedown":       "scroll down a screen",
		"key.pagedown.short": "down a screen",
		"key.top":            "top",
		"key.bottom":         "bottom",
		"key.filter":         "filter",
		"key.clear":          "clear filter",
		"key.copy":           "copy address",
		"key.lang":           "español",
		"key.help":           "help",
		"key.quit":           "quit",
		"key.quickexit":      "leave now, clear screen",
		"key.startover":      "start over, clear screen",

		// Plain text, without a terminal
		"plain.source":       "As published by the Embassy at %s",
		"plain.verified":     "verified address",
		"plain.likely":       "address likely, not yet confirmed",
		"plain.note":         "Note: ",
		"plain.untranslated": "(not translated yet: shown in English)",
		"plain.interactive":  "For an interactive view: %s (with a terminal). For the commands: %s",
		"plain.help.intro":   "Without a terminal (%s COMMAND), you can ask for:",
		"plain.help.tty":     "With a terminal (%s), the same commands open the interactive view there.",
		"plain.help.lang":    "Language: log in as es@host for Spanish, en@host for English; otherwise your LANG decides.",
		"cmd.noname":         "(none)",
		"cmd.none":           "every page and the directory, as plain text",
		"cmd.pages":          "the list of pages",
		"cmd.page":           "one page",
		"cmd.page.name":      "NAME",
		"cmd.links":          "the directory of related websites",
		"cmd.json":           "the directory as JSON",
		"cmd.help":           "this list",
		"cmd.plain":          "line by line, numbered choices; also: ssh plain@host",

		// Errors a visitor may get without a terminal
		"err.args":    "%q takes no arguments; for the commands: %s",
		"err.links":   "'links' takes only --json; for the commands: %s",
		"err.nopage":  "no such page; for the list of pages: %s",
		"err.pagearg": "'page' takes one page name; for the list of pages: %s",
		"err.unknown": "unknown command; for the commands: %s",

		// The linear mode (package linear): written to be heard, with no
		// symbols and the key to press named in words.
		"linear.menu":          "Menu:",
		"linear.links.one":     "%[2]s, %[1]d link",
		"linear.links.other":   "%[2]s, %[1]d links",
		"linear.menu.prompt":   "Type a number and press Enter. h for help, q to leave.",
		"linear.menu.more":     "Type a number and press Enter, or Enter alone for more choices.",
		"linear.more":          "More: press Enter. m for the menu.",
		"linear.page.end":      "End of the page. Press Enter for the menu.",
		"linear.list.end":      "End of the list. Type a number for details, or press Enter for the menu.",
		"linear.link.end":      "Press Enter for the list, or type another number. m for the menu.",
		"linear.banner.end":    "Press Enter for the menu.",
		"linear.badnumber":     "Please type a number from 1 to %d, or q.",
		"linear.badreading":    "Please press Enter to go on, m for the menu, or q to leave.",
		"linear.toolong":       "That was too long.",
		"linear.entry":         "%d. %s %s Address: %s (%s).",
		"linear.verified":      "verified",
		"linear.likely":        "likely, not yet confirmed",
		"linear.address":       "Address: %s",
		"linear.verified.long": "The address is verified.",
		"linear.likely.long":   "The address is likely, but not yet confirmed.",
		"linear.note":          "Note: %s",
		"linear.thanks":        "Thank you for visiting the %s.",
		"linear.source":        "The Embassy on the web: %s",
		"linear.inputlimit":    "This visit has reached its limit of typed text. Thank you for visiting; you are welcome to connect again.",
		"linear.help.1":        "Help. Type a number and press Enter to choose.",
		"linear.help.2":        "Long texts come a screenful at a time: press Enter for more.",
		"linear.help.3":        "At any prompt: m for the menu, h for this help, q to leave.",
		"linear.help.4":        "L and Enter: read in Spanish (en castellano).",
	},
	content.Spanish: {
		"home.intro":              "Presione un número, o muévase con las flechas y presione Enter.",
		"home.links.one":          "%d sitio de un organismo que nombran estas páginas",
		"home.links.other":        "%d sitios de los organismos que nombran estas páginas",
		"home.untranslated.one":   "%d texto aún no está traducido y se muestra en inglés.",
		"home.untranslated.other": "%d textos aún no están traducidos y se muestran en inglés.",
		"toosmall":                "Agrande la ventana\na por lo menos %dx%d\n(ahora %dx%d)",
		"thanks":                  "Gracias por visitar la %s. %s",
		"closing":                 "El quiosco de la Embajada cierra por mantenimiento. Gracias por su visita; vuelva pronto.",
		"busy":                    "El quiosco de la Embajada argentina está ocupado: hay demasiados visitantes a la vez.\nVuelva a intentarlo en un minuto. Gracias por su paciencia.",
		"closing.countdown":       "El quiosco cierra por mantenimiento en %d s. Gracias por su visita.",
		"limit":                   "Esta sesión llegó a su límite de tiempo. Gracias por su visita; vuelva a conectarse para seguir leyendo.",
		"limit.countdown":         "Límite de tiempo: esta sesión termina en %d s. Vuelva a conectarse para seguir leyendo.",
		"limit.countdown.short":   "Límite: termina en %d s.",
		"closing.countdown.short": "Cierra en %d s: mantenimiento.",
		"idle.countdown.short":    "Cierra en %d s. Pulse una tecla.",
		"idle.countdown":          "Hace un rato que no presiona ninguna tecla: se cierra en %d s. Presione cualquier tecla para seguir.",
		"booth.ctrlc":             "Presione Ctrl+C otra vez antes de %d s para salir.",
		"booth.reset":             "Empezamos de nuevo para el próximo visitante en %d s. Presione cualquier tecla para seguir.",
		"booth.reset.short":       "Empezamos de nuevo en %d s. Presione una tecla.",
		"attract.reach":           "Léalo en su propio dispositivo",
		"attract.type":            "Abra una terminal en su teléfono o computadora y escriba:",
		"attract.website":         "El sitio web de la Embajada:",
		"attract.scan":            "O escanee el código del sitio web de la Embajada:",
		"attract.start":           "Presione cualquier tecla para empezar",
		"attract.short":           "Presione una tecla",
		"idle.bye":                "No se presionó ninguna tecla durante %s, así que esta visita terminó. %s",
		"idle.minute":             "un minuto",
		"idle.minutes":            "%d minutos",
		"untranslated":            "(texto aún sin traducir)",
		"page.untranslated":       "Esta página aún no está traducida; se muestra en inglés.",

		"links.legend":  "%s dirección verificada   %s dirección probable, aún sin confirmar",
		"filter.prompt": "Filtro: ",
		"filter.typing": "escriba palabras de un nombre, una descripción o una dirección",
		"filter.count":  "%d de %d",
		"filter.none":   "Sin coincidencias. Esc borra el filtro.",
		"filter.pages":  "También en estas páginas (en la pantalla de inicio, presione el número):",

		"link.verified":     "%s Dirección verificada",
		"link.likely":       "%s Dirección probable, aún sin confirmar",
		"link.untranslated": "Parte de esta entrada aún no está traducida y se muestra en inglés.",
		"link.scan":         "Escanee el código QR con la cámara de un teléfono para abrir la dirección.",
		"link.scan.below":   "Más abajo está el código QR para escanear con la cámara de un teléfono.",
		"link.qr.toosmall":  "La ventana es demasiado chica para el código QR de esta dirección, que necesita %dx%d. Agrande la ventana para escanearlo, o use la dirección de arriba.",
		"link.qr.nocolour":  "Usted pidió no ver colores (NO_COLOR), así que el código se dibuja con los colores de su terminal; si un teléfono no puede leerlo, use la dirección de arriba.",
		"link.qr.plain":     "Esta terminal no muestra colores, así que el código se dibuja con los suyos; si un teléfono no puede leerlo, use la dirección de arriba.",
		"link.qr.noblocks":  "Esta terminal no puede mostrar los caracteres de bloque con que se dibuja un código QR; use la dirección de arriba.",
		"link.qr.error":     "No se puede hacer un código QR de esta dirección; use la dirección de arriba.",
		"link.copy":         "Presione c para copiar la dirección.",
		"link.copied":       "Copiada al portapapeles (si su terminal lo permite).",
		"link.copied.short": "Copiada (si su terminal lo permite).",

		"key.up":             "arriba",
		"key.down":           "abajo",
		"key.move":           "mover",
		"key.scroll":         "desplazar",
		"key.open":           "abrir",
		"key.back":           "volver",
		"key.next":           "siguiente",
		"key.prev":           "anterior",
		"key.jump":           "abrir",
		"key.pageup":         "subir una pantalla",
		"key.pagedown":       "bajar una pantalla",
		"key.pagedown.short": "bajar",
		"key.top":            "inicio",
		"key.bottom":         "final",
		"key.filter":         "filtrar",
		"key.clear":          "borrar filtro",
		"key.copy":           "copiar dirección",
		"key.lang":           "English",
		"key.help":           "ayuda",
		"key.quit":           "salir",
		"key.quickexit":      "salir ya, borrar pantalla",
		"key.startover":      "empezar de nuevo, borrar pantalla",

		"plain.source":       "Publicado en inglés por la Embajada en %s; al pie de cada página en castellano se dice de dónde viene su texto.",
		"plain.verified":     "dirección verificada",
		"plain.likely":       "dirección probable, aún sin confirmar",
		"plain.note":         "Nota: ",
		"plain.untranslated": "(aún sin traducir: se muestra en inglés)",
		"plain.interactive":  "Para la vista interactiva: %s (con una terminal). Para los comandos: %s",
		"plain.help.intro":   "Sin una terminal (%s COMANDO), puede pedir:",
		"plain.help.tty":     "Con una terminal (%s), los mismos comandos abren allí la vista interactiva.",
		"plain.help.lang":    "Idioma: entre como es@host para castellano, en@host para inglés; si no, decide su LANG.",
		"cmd.noname":         "(ninguno)",
		"cmd.none":           "todas las páginas y el directorio, como texto",
		"cmd.pages":          "la lista de páginas",
		"cmd.page":           "una página",
		"cmd.page.name":      "NOMBRE",
		"cmd.links":          "el directorio de sitios relacionados",
		"cmd.json":           "el directorio en JSON",
		"cmd.help":           "esta lista",
		"cmd.plain":          "línea por línea, con opciones numeradas; también: ssh plain@host",

		"err.args":    "%q no lleva argumentos; para los comandos: %s",
		"err.links":   "'links' solo acepta --json; para los comandos: %s",
		"err.nopage":  "no existe esa página; para la lista de páginas: %s",
		"err.pagearg": "'page' lleva el nombre de una página; para la lista de páginas: %s",
		"err.unknown": "comando desconocido; para los comandos: %s",

		"linear.menu":          "Menú:",
		"linear.links.one":     "%[2]s, %[1]d sitio",
		"linear.links.other":   "%[2]s, %[1]d sitios",
		"linear.menu.prompt":   "Escriba un número y presione Enter. h para la ayuda, q para salir.",
		"linear.menu.more":     "Escriba un número y presione Enter, o solo Enter para ver más opciones.",
		"linear.more":          "Sigue: presione Enter. m para el menú.",
		"linear.page.end":      "Fin de la página. Presione Enter para el menú.",
		"linear.list.end":      "Fin de la lista. Escriba un número para ver los detalles, o presione Enter para el menú.",
		"linear.link.end":      "Presione Enter para la lista, o escriba otro número. m para el menú.",
		"linear.banner.end":    "Presione Enter para el menú.",
		"linear.badnumber":     "Escriba un número del 1 al %d, o q.",
		"linear.badreading":    "Presione Enter para seguir, m para el menú, o q para salir.",
		"linear.toolong":       "Eso fue demasiado largo.",
		"linear.entry":         "%d. %s %s Dirección: %s (%s).",
		"linear.verified":      "verificada",
		"linear.likely":        "probable, aún sin confirmar",
		"linear.address":       "Dirección: %s",
		"linear.verified.long": "La dirección está verificada.",
		"linear.likely.long":   "La dirección es probable, pero aún no está confirmada.",
		"linear.note":          "Nota: %s",
		"linear.thanks":        "Gracias por visitar la %s.",
		"linear.source":        "La Embajada en la web: %s",
		"linear.inputlimit":    "Esta visita llegó a su límite de texto escrito. Gracias por su visita; puede volver a conectarse cuando quiera.",
		"linear.help.1":        "Ayuda. Escriba un número y presione Enter para elegir.",
		"linear.help.2":        "Los textos largos llegan de a una pantalla: presione Enter para ver más.",
		"linear.help.3":        "En cualquier momento: m para el menú, h para esta ayuda, q para salir.",
		"linear.help.4":        "L y Enter: leer en inglés (in English).",
	},
}

// Plural returns the text key in lang for a count n, formatted with n and
// then args. The catalogue holds two forms of such a text: key+".one", for
// n = 1, and key+".other", for every other n (0 too): the rule of English
// and of Spanish alike.
func Plural(lang content.Lang, key string, n int, args ...any) string {
	form := key + ".other"
	if n == 1 {
		form = key + ".one"
	}
	return T(lang, form, append([]any{n}, args...)...)
}

// T returns the text key in lang, formatted with args; English where lang
// has no such text.
func T(lang content.Lang, key string, args ...any) string {
	s, ok := texts[lang][key]
	if !ok {
		s = texts[content.English][key]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// userLanguages are the SSH user names that choose a language: ssh es@host.
var userLanguages = map[string]content.Lang{
	"en": content.English, "english": content.English, "ingles": content.English, "inglés": content.English,
	"es": content.Spanish, "spanish": content.Spanish, "espanol": content.Spanish, "español": content.Spanish, "castellano": content.Spanish,
}

// UserLanguage is the language an SSH user name chooses (es, English,
// castellano, in any case), if it names one.
func UserLanguage(user string) (content.Lang, bool) {
	l, ok := userLanguages[strings.ToLower(user)]
	return l, ok
}

// ChooseLanguage picks the visitor's language: by the SSH user name (es or
// en), else by the locale the client sent (LC_ALL, then LC_MESSAGES, then
// LANG, as POSIX orders them; OpenSSH sends them with SendEnv LANG LC_*),
// else English. A locale in a language the kiosk does not speak gives
// English; "C" and "POSIX" say nothing and are skipped.
func ChooseLanguage(user string, env []string) content.Lang {
	if l, ok := UserLanguage(user); ok {
		return l
	}
	vars := make(map[string]string)
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := vars[name]
		// es_AR.UTF-8, es_AR@euro, es-AR, es
		code := strings.ToLower(v)
		if i := strings.IndexAny(code, "_-.@"); i >= 0 {
			code = code[:i]
		}
		switch code {
		case "", "c", "posix":
			continue
		}
		if l := content.Lang(code); l.Valid() {
			return l
		}
		return content.English
	}
	return content.English
}

// OtherLanguage is the language the L key switches to.
func OtherLanguage(l content.Lang) content.Lang {
	for i, x := range content.Languages {
		if x == l {
			return content.Languages[(i+1)%len(content.Languages)]
		}
	}
	return content.English
}
