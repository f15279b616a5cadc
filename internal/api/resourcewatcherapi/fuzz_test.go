package resourcewatcherapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx/httpxtest"
)

// Fuzz targets for everything this client decodes from Resource Watcher
// (the header envelope, alarms, pages) and its date format. The seeds run in
// every `go test`; .ci/fuzz.sh fuzzes each briefly.

const fuzzAppKey = "appkey-SECRET-42"

func cannedClient(t *testing.T, status int, body []byte) *Client {
	t.Helper()
	h := httpxtest.Client(t, "resource_watcher", httpxtest.Canned{Status: status, Body: body})
	return New(h, fuzzAppKey)
}

var strictDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$`)

// FuzzParseDate reads an API date (yyyy-MM-ddTHH:mm:SS as UTC, or RFC 3339
// with its offset). Every accepted date prints with FormatDate and reads
// back as the same instant cut to the second, and a date already in the
// API's form prints as itself: FormatDate(ParseDate(s)) == s.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2026-11-22T22:02:51", "2024-02-29T00:00:00", "2023-02-29T00:00:00", "2024-03-10T02:30:00",
		"2024-11-03T01:30:00", "2024-03-31T02:30:00", "0000-01-01T00:00:00", "9999-12-31T23:59:59",
		"2026-11-22T22:02:51Z", "2026-11-22T22:02:51+05:45", "2026-11-22T22:02:51.123456789-03:30",
		"2026-11-22T22:02:51.5", "2026-11-22 22:02:51", " 2026-11-22T22:02:51 ", "2026-11-22",
		"2026-11-22T24:00:00", "2026-13-01T00:00:00", "", "garbage", "2026-11-22T22:02:51+24:00",
		"0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		if err != nil {
			if !got.IsZero() {
				t.Fatalf("%q refused with %s", s, got)
			}
			return
		}
		out := FormatDate(got)
		if y := got.UTC().Year(); y < 0 || y > 9999 {
			return // FormatDate cannot write a 5-digit or negative year
		}
		back, err := ParseDate(out)
		if err != nil || !back.Equal(got.Truncate(time.Second)) || FormatDate(back) != out {
			t.Fatalf("%q -> %s -> %q -> %s (%v)", s, got, out, back, err)
		}
		if strictDate.MatchString(s) && out != s {
			t.Fatalf("FormatDate(ParseDate(%q)) = %q", s, out)
		}
	})
}

// FuzzFormatDate writes an instant as an API date: 19 characters, UTC, and
// ParseDate reads it back as the same instant cut to the second.
func FuzzFormatDate(f *testing.F) {
	for _, s := range []int64{1763848971, 0, -1, 1709164800, 1730613600, 253402300799, -62167219200, 951782400} {
		f.Add(s, int64(0), int32(0))
		f.Add(s, int64(999999999), int32(5*3600+45*60))
	}
	f.Fuzz(func(t *testing.T, sec, nsec int64, offset int32) {
		in := time.Unix(sec, nsec).In(time.FixedZone("z", int(offset%(18*3600))))
		if y := in.UTC().Year(); y < 0 || y > 9999 {
			return
		}
		s := FormatDate(in)
		if len(s) != len(DateLayout) || !strictDate.MatchString(s) {
			t.Fatalf("%s formats as %q", in, s)
		}
		back, err := ParseDate(s)
		if err != nil || !back.Equal(in.Truncate(time.Second)) {
			t.Fatalf("%s -> %q -> %s (%v)", in, s, back, err)
		}
	})
}

// envelopeSeeds are answers of the API: success envelopes with bodies and
// failure envelopes (always HTTP 200), and a few broken ones.
var envelopeSeeds = []struct {
	status int
	body   string
}{
	{200, `{"header":{"isSuccessful":true,"resultCode":0,"resultMessage":"SUCCESS"},"alarm":{"alarmId":"a1","alarmName":"cpu","alarmStatusCode":"STABLE","regDatetime":"2026-11-22T22:02:51","alarmRule":{"alarmRuleId":"r1","resourceTypes":["INSTANCE"]}},"alarmTargets":[{"alarmTargetTypeCode":"WEBHOOK","webhookUrl":"https://h.example.com"}],"events":[{"productId":"compute","eventId":"iaas.instance.create"}],"target":{"resourceGroups":[{"resourceGroupId":"g","resourceGroupName":"web"}],"resourceTags":[{"tagId":7,"tagName":"prod"}]}}`},
	{200, `{"header":{"isSuccessful":true,"resultCode":0,"resultMessage":"SUCCESS"},"alarms":[{"alarmId":"a1"},{"alarmId":"a2"}],"totalItems":2}`},
	{200, `{"header":{"isSuccessful":true,"resultCode":0,"resultMessage":"SUCCESS"},"alarmHistories":[{"alarmHistoriesId":"h1","alarmSendResultTypeCode":"SUCCESS"}],"totalItems":1}`},
	{200, `{"header":{"isSuccessful":true,"resultCode":0,"resultMessage":"SUCCESS"},"alarm":{"alarmId":""}}`},
	{200, `{"header":{"isSuccessful":false,"resultCode":40401,"resultMessage":"alarm not found"}}`},
	{200, `{"header":{"isSuccessful":false,"resultCode":40901,"resultMessage":"already closed"}}`},
	{200, `{"header":{"isSuccessful":false,"resultCode":-1,"resultMessage":""}}`},
	{200, `{"header":{"isSuccessful":false,"resultCode":50000,"resultMessage":"알람 조회 실패"}}`},
	{200, `{"header":{"isSuccessful":true},"totalItems":"many"}`},
	{200, `{"header":null}`}, {200, `{}`}, {200, `[]`}, {200, ``}, {200, `{"header":{"isSuccessful":"true"}}`},
	{200, `{"header":{"isSuccessful":true,"resultCode":1e3}}`}, {200, `{"header":{"resultCode":9223372036854775808}}`},
	{404, `{"timestamp":"2026-11-22T22:02:51","status":404,"error":"Not Found","path":"/x"}`},
	{401, `{"header":{"isSuccessful":false,"resultCode":401,"resultMessage":"unauthorized"}}`},
	{500, `<html>error</html>`}, {503, ``},
}

// FuzzEnvelope feeds any answer to get, delete and search. Any failure is
// an *api.Error with the HTTP status (HTTP 404 is never not-found: this API
// answers 200 for a missing alarm), a failed header gives Code =
// resultCode and not-found exactly for the not-found codes, a success
// needs HTTP 200 and isSuccessful, and no error text holds the Appkey.
func FuzzEnvelope(f *testing.F) {
	for i, s := range envelopeSeeds {
		f.Add(uint8(i%3), s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, op uint8, status int, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		c := cannedClient(t, status, body)
		ctx := context.Background()
		var err error
		switch op % 3 {
		case 0:
			var a *EventAlarm
			a, err = c.GetEventAlarm(ctx, "a1")
			if err == nil && a.Alarm.AlarmID == "" {
				t.Fatal("an alarm without id")
			}
		case 1:
			err = c.DeleteEventAlarm(ctx, "a1")
		default:
			var p *AlarmPage
			p, err = c.SearchEventAlarms(ctx, SearchFilter{}, PageRequest{Size: 10})
			if err == nil && p == nil {
				t.Fatal("nil page")
			}
		}
		var env struct {
			Header *Header `json:"header"`
		}
		envOK := json.Unmarshal(body, &env) == nil && env.Header != nil
		if err == nil {
			if status != http.StatusOK || !envOK || !env.Header.IsSuccessful {
				t.Fatalf("status %d body %q: no error", status, body)
			}
			return
		}
		if strings.Contains(err.Error(), fuzzAppKey) {
			t.Fatalf("error holds the Appkey: %v", err)
		}
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Status != status {
			t.Fatalf("status %d: want *api.Error with it, got %T %v", status, err, err)
		}
		if status != http.StatusOK {
			if ae.NotFound {
				t.Fatalf("HTTP %d taken as not-found", status)
			}
			return
		}
		if envOK && !env.Header.IsSuccessful {
			if ae.Code != strconv.Itoa(env.Header.ResultCode) || ae.NotFound != notFoundCodes[env.Header.ResultCode] || ae.Message == "" {
				t.Fatalf("header %+v gave %#v", *env.Header, ae)
			}
		}
	})
}

// FuzzPaging walks pages whose sizes and totalItems come from the fuzzer
// (a server that lies about totalItems included). The walk asks pages 0,
// 1, 2, ... in order with the page size, stops at the first empty page or
// once it holds totalItems, and returns every item it was given.
func FuzzPaging(f *testing.F) {
	f.Add(10, []byte{10, 10, 3}, int64(23))
	f.Add(0, []byte{100, 0}, int64(500))
	f.Add(5, []byte{5, 5, 5}, int64(0))
	f.Add(5, []byte{}, int64(-1))
	f.Add(-3, []byte{1, 1, 1, 1}, int64(9223372036854775807))
	f.Add(2, []byte{2, 2}, int64(3))
	f.Fuzz(func(t *testing.T, size int, pages []byte, total int64) {
		if len(pages) > 1000 {
			return
		}
		wantSize := size
		if wantSize <= 0 {
			wantSize = DefaultPageSize
		}
		var asked []int
		var got int64
		err := walk(size, func(p PageRequest) (int, int64, error) {
			if p.Size != wantSize || p.Page != len(asked) {
				t.Fatalf("asked page %d size %d, want page %d size %d", p.Page, p.Size, len(asked), wantSize)
			}
			asked = append(asked, p.Page)
			if p.Page >= len(pages) {
				return 0, total, nil
			}
			got += int64(pages[p.Page])
			return int(pages[p.Page]), total, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// It stopped at the first page that was empty or completed the total.
		var sum int64
		for i := range asked {
			n := 0
			if i < len(pages) {
				n = int(pages[i])
			}
			sum += int64(n)
			done := n == 0 || sum >= total
			if done != (i == len(asked)-1) {
				t.Fatalf("pages %v total %d: stopped after %d pages", pages, total, len(asked))
			}
		}
		if sum != got {
			t.Fatal(fmt.Sprint("lost items: ", sum, got))
		}
		// The page decoder keeps what it was sent.
		body := fmt.Sprintf(`{"header":{"isSuccessful":true,"resultCode":0,"resultMessage":"SUCCESS"},"alarms":[%s],"totalItems":%d}`,
			strings.TrimSuffix(strings.Repeat(`{"alarmId":"a"},`, len(pages)%50), ","), total)
		pg, err := cannedClient(t, 200, []byte(body)).SearchEventAlarms(context.Background(), SearchFilter{}, PageRequest{})
		if err != nil || len(pg.Alarms) != len(pages)%50 || pg.TotalItems != total {
			t.Fatalf("page %s decoded as %+v, %v", body, pg, err)
		}
	})
}
