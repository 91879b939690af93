// Package redact removes passwords from text before rollout shows it:
// connection strings in every form PostgreSQL accepts (a URL's user-info,
// a URL's ?password= parameter, keyword/value "host=… password=…"), alone
// or inside a longer message. Every message that may carry a connection
// string goes through Passwords.
package redact

import "regexp"

// Mask replaces every password given as a parameter; a URL's user-info
// password is dropped, leaving user@host.
const Mask = "xxxxx"

var (
	// scheme://user:password@host becomes scheme://user@host — the password
	// ends at the last @ of the URL (a raw @ in it would not parse anyway).
	userInfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://[^\s:/?#@]*):[^\s]*@`)
	// ?password=… or &sslpassword=… in a URL's query.
	queryParam = regexp.MustCompile(`(?i)([?&](?:ssl)?password=)[^&\s#]*`)
	// password=… or password = '…' in a keyword/value string.
	keyword = regexp.MustCompile(`(?i)(\b(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s'&#]*)`)
)

// Passwords returns text with every password of a connection string in it
// replaced by Mask.
func Passwords(text string) string {
	text = userInfo.ReplaceAllString(text, "${1}@")
	text = queryParam.ReplaceAllString(text, "${1}"+Mask)
	return keyword.ReplaceAllString(text, "${1}"+Mask)
}
