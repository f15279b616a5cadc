package openwindows

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func TestSet(t *testing.T) {
	t.Parallel()
	var closed []string
	closer := func(k string, err error) Closer {
		return func(context.Context) error { closed = append(closed, k); return err }
	}
	owner := new(int)
	s := For(owner)
	if For(owner) != s || For(new(int)) == s {
		t.Fatal("For must return one set per owner")
	}
	s.Add("o11y_silence/b", closer("b", nil))
	s.Add("o11y_maintenance/a", closer("a", errors.New("server down")))
	s.Add("o11y_silence/c", closer("c", nil))
	s.Remove("o11y_silence/c") // closed by Terraform
	if got := s.Keys(); !reflect.DeepEqual(got, []string{"o11y_maintenance/a", "o11y_silence/b"}) {
		t.Fatalf("Keys() = %v", got)
	}
	err := s.Fail(context.Background())
	if err == nil || err.Error() != "server down" {
		t.Errorf("Fail error %v, want the failing closer's", err)
	}
	if !reflect.DeepEqual(closed, []string{"a", "b"}) {
		t.Errorf("closed %v, want a and b once each in key order", closed)
	}
	if s.Add("o11y_silence/d", closer("d", nil)) {
		t.Error("Add after Fail must be refused: the run has failed")
	}
	if len(s.Keys()) != 0 || s.CloseAll(context.Background()) != nil || len(closed) != 2 {
		t.Errorf("CloseAll must forget what it closed")
	}
}

func TestCloseAllOwners(t *testing.T) {
	// Not parallel: it closes every set of the process.
	n := 0
	for i := 0; i < 3; i++ {
		For(new(int)).Add("k", func(context.Context) error { n++; return nil })
	}
	if err := CloseAll(context.Background()); err != nil || n < 3 {
		t.Errorf("CloseAll closed %d windows (%v), want at least 3", n, err)
	}
}
