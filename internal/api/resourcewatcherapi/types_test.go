package resourcewatcherapi_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
)

// A chat tool's webhook URL carries its token: the URL is masked in logs
// like the webhook secret, in requests and in the answers that echo it.
func TestSecrets_webhookURLsAndSecrets(t *testing.T) {
	t.Parallel()
	targets := []resourcewatcherapi.AlarmTarget{
		{AlarmTargetTypeCode: resourcewatcherapi.TargetRole, AlarmTarget: "ADMIN", EmailAlarm: "Y", SMSAlarm: "N"},
		{AlarmTargetTypeCode: resourcewatcherapi.TargetWebhook, WebhookURL: "https://hooks.example.com/services/T0/B1/xyz", WebhookSecret: "s3cr3t"},
		{AlarmTargetTypeCode: resourcewatcherapi.TargetWebhook, WebhookURL: "https://chat.example.com/hook?token=abc"},
	}
	want := []string{"https://hooks.example.com/services/T0/B1/xyz", "s3cr3t", "https://chat.example.com/hook?token=abc"}
	if got := (resourcewatcherapi.EventAlarmRequest{AlarmTargets: targets}).Secrets(); !reflect.DeepEqual(got, want) {
		t.Fatalf("request secrets %q, want %q", got, want)
	}
	answer, _ := json.Marshal(resourcewatcherapi.EventAlarm{Alarm: resourcewatcherapi.Alarm{AlarmID: "a-1"}, AlarmTargets: targets})
	if got := resourcewatcherapi.AnswerSecrets(answer); !reflect.DeepEqual(got, want) {
		t.Fatalf("answer secrets %q, want %q", got, want)
	}
	for _, b := range []string{``, `not json`, `{"alarm":{"alarmId":"a"}}`, `{"alarmTargets":null}`} {
		if got := resourcewatcherapi.AnswerSecrets([]byte(b)); len(got) != 0 {
			t.Errorf("AnswerSecrets(%q) = %q", b, got)
		}
	}
}
