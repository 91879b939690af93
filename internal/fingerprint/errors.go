package fingerprint

import "errors"

// ErrShortSalt: a salt shorter than 16 characters (a damaged meta row).
var ErrShortSalt = errors.New("the secret fingerprint salt is too short")
