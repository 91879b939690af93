package fingerprint

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

const salt = "0123456789abcdef0123456789abcdef"

func TestSumIsArgon2idThenHMAC(t *testing.T) {
	h, err := New(salt)
	if err != nil {
		t.Fatal(err)
	}
	got := h.Sum("s3cr3t", "karak", "follow_up", "sms_key")
	// Recompute the documented construction by hand: a reader of the dump
	// must run Argon2id with these parameters for every guess.
	key := argon2.IDKey([]byte("s3cr3t"), []byte(salt), argonTime, argonMemory, 1, 32)
	m := hmac.New(sha256.New, key)
	m.Write([]byte("karak\x00follow_up\x00sms_key"))
	if want := fmt.Sprintf("argon2id-m%d-t%d-p1:", argonMemory, argonTime) + hex.EncodeToString(m.Sum(nil)); got != want {
		t.Fatalf("Sum = %s, want %s", got, want)
	}
	if strings.Contains(got, "s3cr3t") {
		t.Fatal("the fingerprint holds the value")
	}
}

func TestSumDiffersByPlaceValueAndSalt(t *testing.T) {
	h, _ := New(salt)
	other, _ := New(NewSalt())
	base := h.Sum("v", "karak", "m", "k")
	for name, s := range map[string]string{
		"tenant":  h.Sum("v", "tafila", "m", "k"),
		"setting": h.Sum("v", "karak", "m", "k2"),
		"value":   h.Sum("w", "karak", "m", "k"),
		"salt":    other.Sum("v", "karak", "m", "k"),
	} {
		if s == base {
			t.Errorf("another %s gives the same fingerprint", name)
		}
	}
	if !h.Matches(base, "v", "karak", "m", "k") || h.Matches(base, "w", "karak", "m", "k") {
		t.Fatal("Matches disagrees with Sum")
	}
}

func TestMatchesRefusesOtherSchemes(t *testing.T) {
	h, _ := New(salt)
	if h.Matches("hmac-sha256:00112233445566778899aabbccddeeff", "v") {
		t.Fatal("an old HMAC digest matched")
	}
}

func TestShortSaltRefused(t *testing.T) {
	if _, err := New("abc"); err == nil {
		t.Fatal("a 3-character salt was accepted")
	}
}

func TestConcurrentSumsAgree(t *testing.T) {
	h, _ := New(salt)
	want := h.Sum("shared", "t", "m", "k")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := h.Sum("shared", "t", "m", "k"); got != want {
				t.Errorf("concurrent Sum = %s, want %s", got, want)
			}
		})
	}
	wg.Wait()
}

// Hashers of different salts (a fleet's servers) used side by side still
// stretch one value at a time: each run holds a large block of memory.
func TestStretchesOneAtATime(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 6 {
		h, _ := New(fmt.Sprintf("%s-server-%d", salt, i))
		wg.Go(func() { h.Sum("shared", "t", "m", "k") })
	}
	wg.Wait()
	if n := most.Load(); n != 1 {
		t.Errorf("%d Argon2id runs were under way at once; want 1", n)
	}
}

// BenchmarkGuess is what one offline guess costs a reader of the database
// dump, next to what it cost under the old HMAC key stored beside the
// digests. Reported as guesses per second and as the ratio.
func BenchmarkGuess(b *testing.B) {
	// The old scheme's cost per guess, measured in the same run.
	oldKey := []byte("a key stored in rollout.meta")
	const oldGuesses = 200000
	began := time.Now()
	for i := range oldGuesses {
		m := hmac.New(sha256.New, oldKey)
		m.Write([]byte("karak\x00follow_up\x00sms_key\x00" + strings.Repeat("1", i%7)))
		m.Sum(nil)
	}
	oldPerGuess := float64(time.Since(began).Nanoseconds()) / oldGuesses
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		h, _ := New(salt) // a fresh Hasher: no cache between guesses
		h.Sum(strings.Repeat("1", i%7), "karak", "follow_up", "sms_key")
	}
	perGuess := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(1e9/perGuess, "guesses/s")
	b.ReportMetric(perGuess/oldPerGuess, "x-slower-than-hmac")
}
