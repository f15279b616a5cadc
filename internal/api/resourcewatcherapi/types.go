package resourcewatcherapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Alarm target types (alarmTargetTypeCode).
const (
	TargetUUID     = "UUID"
	TargetRole     = "ROLE"
	TargetAlarmKey = "ALARM_KEY"
	TargetWebhook  = "WEBHOOK"
)

// TargetTypes lists every alarmTargetTypeCode.
var TargetTypes = []string{TargetUUID, TargetRole, TargetAlarmKey, TargetWebhook}

// Alarm status codes (alarmStatusCode).
const (
	StatusStable   = "STABLE"
	StatusDisabled = "DISABLED"
	StatusClosed   = "CLOSED"
)

// AlarmStatuses lists every alarmStatusCode.
var AlarmStatuses = []string{StatusStable, StatusDisabled, StatusClosed}

// Alarm history delivery results (alarmSendResultTypeCode).
var SendResults = []string{"SUCCESS", "FAILURE", "SENDING"}

// Languages of the event catalogue (the `lang` header).
var Languages = []string{"ko", "en", "ja", "zh"}

// Limits documented by the API.
const (
	MaxAlarmNameLength   = 255
	MaxDescriptionLength = 1000
)

// Result codes of the header envelope that this client interprets. The
// public guide does not list its codes; these are the ones the provider's
// fake answers and that the client maps to api.ErrNotFound.
const (
	CodeOK             = 0
	CodeAlarmNotFound  = 40401
	CodeHistoryMissing = 40402
	CodeAlreadyClosed  = 40901
)

// DateLayout is the API's date format: `yyyy-MM-ddTHH:mm:SS`, no offset.
const DateLayout = "2006-01-02T15:04:05"

// ParseDate reads an API date. A date without an offset is taken as UTC; a
// date with one (RFC 3339) keeps it.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{DateLayout, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a yyyy-MM-ddTHH:mm:SS date", s)
}

// FormatDate writes t in the API's format, in UTC.
func FormatDate(t time.Time) string { return t.UTC().Format(DateLayout) }

// Header is the envelope every answer carries.
type Header struct {
	IsSuccessful  bool   `json:"isSuccessful"`
	ResultCode    int    `json:"resultCode"`
	ResultMessage string `json:"resultMessage"`
}

// AlarmInput is the `alarm` object of a create or update body.
type AlarmInput struct {
	AlarmName string `json:"alarmName"`
	// Description is always sent: an update is a full replacement.
	Description string `json:"description"`
}

// AlarmTarget is one receiver of an alarm. Y/N flags are "Y" or "N".
type AlarmTarget struct {
	AlarmTargetTypeCode string `json:"alarmTargetTypeCode"`
	AlarmTarget         string `json:"alarmTarget,omitempty"`
	EmailAlarm          string `json:"emailAlarm,omitempty"`
	SMSAlarm            string `json:"smsAlarm,omitempty"`
	WebhookURL          string `json:"webhookUrl,omitempty"`
	WebhookSecret       string `json:"webhookSecret,omitempty"`
}

// Event is a catalogue event an alarm reacts to.
type Event struct {
	ProductID string `json:"productId"`
	EventID   string `json:"eventId"`
}

// TargetInput is the resource scope of a create or update body.
type TargetInput struct {
	ResourceGroupIDs []string `json:"resourceGroupIds,omitempty"`
	ResourceTagIDs   []int64  `json:"resourceTagIds,omitempty"`
}

// EventAlarmRequest is the body of create and update (a full replacement).
// Absent Events means every event; absent Target means every resource; the
// API refuses both at once.
type EventAlarmRequest struct {
	Alarm        AlarmInput    `json:"alarm"`
	AlarmTargets []AlarmTarget `json:"alarmTargets"`
	Events       []Event       `json:"events,omitempty"`
	Target       *TargetInput  `json:"target,omitempty"`
}

// Secrets returns the webhook secrets and URLs of the request, to mask in
// logs: a chat tool's webhook URL carries its token.
func (r EventAlarmRequest) Secrets() []string { return targetSecrets(r.AlarmTargets) }

func targetSecrets(ts []AlarmTarget) []string {
	var s []string
	for _, t := range ts {
		for _, v := range []string{t.WebhookURL, t.WebhookSecret} {
			if v != "" {
				s = append(s, v)
			}
		}
	}
	return s
}

// AnswerSecrets returns the webhook URLs and secrets an event alarm answer
// carries, to mask in the log of that answer (httpx.Request.AnswerSecrets).
func AnswerSecrets(body []byte) []string {
	var a struct {
		AlarmTargets []AlarmTarget `json:"alarmTargets"`
	}
	if json.Unmarshal(body, &a) != nil {
		return nil
	}
	return targetSecrets(a.AlarmTargets)
}

// AlarmRule is the rule the service keeps behind an alarm.
type AlarmRule struct {
	AlarmRuleID          string   `json:"alarmRuleId"`
	AlarmRuleName        string   `json:"alarmRuleName"`
	AlarmRuleDescription string   `json:"alarmRuleDescription"`
	AlarmRuleStatusCode  string   `json:"alarmRuleStatusCode"`
	ResourceTypes        []string `json:"resourceTypes"`
}

// Alarm is the `alarm` object of an answer (also one search result).
type Alarm struct {
	AlarmID         string     `json:"alarmId"`
	AlarmName       string     `json:"alarmName"`
	Description     string     `json:"description"`
	AlarmStatusCode string     `json:"alarmStatusCode"`
	AlarmRule       *AlarmRule `json:"alarmRule,omitempty"`
	AppKey          string     `json:"appKey"`
	CabAlarmKey     string     `json:"cabAlarmKey"`
	OperatorUUID    string     `json:"operatorUuid"`
	RegDatetime     string     `json:"regDatetime"`
	ModDatetime     string     `json:"modDatetime"`
	DelDatetime     string     `json:"delDatetime"`
}

// MemberProfile is a resolved UUID target.
type MemberProfile struct {
	UUID            string `json:"uuid"`
	MemberType      string `json:"memberType"`
	Name            string `json:"name"`
	CorporationName string `json:"corporationName"`
	Email           string `json:"email"`
	UserID          string `json:"userId"`
}

// Role is a resolved ROLE target.
type Role struct {
	Type        string `json:"type"`
	RoleID      string `json:"roleId"`
	RoleName    string `json:"roleName"`
	Description string `json:"description"`
}

// AlarmKey is a resolved ALARM_KEY target (a notification group).
type AlarmKey struct {
	AlarmKey       string `json:"alarmKey"`
	AlarmGroupName string `json:"alarmGroupName"`
	AlarmGroupDesc string `json:"alarmGroupDesc"`
}

// ResourceGroup is a resource group of an answer's target.
type ResourceGroup struct {
	ResourceGroupID   string `json:"resourceGroupId"`
	ResourceGroupName string `json:"resourceGroupName"`
}

// ResourceTag is a resource tag of an answer's target.
type ResourceTag struct {
	TagID   int64  `json:"tagId"`
	TagName string `json:"tagName"`
}

// Target is the resource scope of an answer: objects where the request
// carried id lists.
type Target struct {
	ResourceGroups []ResourceGroup `json:"resourceGroups"`
	ResourceTags   []ResourceTag   `json:"resourceTags"`
}

// EventAlarm is the answer of create and get.
type EventAlarm struct {
	Alarm                     Alarm           `json:"alarm"`
	AlarmTargets              []AlarmTarget   `json:"alarmTargets"`
	AlarmTargetMemberProfiles []MemberProfile `json:"alarmTargetMemberProfiles"`
	AlarmTargetRoles          []Role          `json:"alarmTargetRoles"`
	AlarmTargetAlarmKeys      []AlarmKey      `json:"alarmTargetAlarmKeys"`
	Events                    []Event         `json:"events"`
	Target                    *Target         `json:"target"`
}

// SearchFilter is the body of event-alarms/search. Empty fields are not
// sent; AlarmStatusCodes empty means the server default (STABLE, DISABLED).
type SearchFilter struct {
	AlarmIDs           []string `json:"alarmIds,omitempty"`
	AlarmNameAnyLike   string   `json:"alarmNameAnyLike,omitempty"`
	AlarmRuleIDs       []string `json:"alarmRuleIds,omitempty"`
	AlarmStatusCodes   []string `json:"alarmStatusCodes,omitempty"`
	DescriptionAnyLike string   `json:"descriptionAnyLike,omitempty"`
	ModDateFrom        string   `json:"modDateFrom,omitempty"`
	ModDateTo          string   `json:"modDateTo,omitempty"`
	OperatorUUIDs      []string `json:"operatorUuids,omitempty"`
	ResourceGroupIDs   []string `json:"resourceGroupIds,omitempty"`
}

// PageRequest selects one page. Zero Size means the server default (10);
// empty Sort means the server default.
type PageRequest struct {
	Page int
	Size int
	Sort string
}

// AlarmPage is one page of search results.
type AlarmPage struct {
	Alarms     []Alarm `json:"alarms"`
	TotalItems int64   `json:"totalItems"`
}

// HistoryAlarm is the `alarm` summary of a history record.
type HistoryAlarm struct {
	AlarmID     string `json:"alarmId"`
	AlarmName   string `json:"alarmName"`
	Description string `json:"description"`
}

// HistoryResource is the resource an alarm was sent about.
type HistoryResource struct {
	AppKey                   string `json:"appKey"`
	ResourceKey              string `json:"resourceKey"`
	OrgID                    string `json:"orgId"`
	ProjectID                string `json:"projectId"`
	ProjectName              string `json:"projectName"`
	ProductID                string `json:"productId"`
	ResourceAppKey           string `json:"resourceAppKey"`
	IaasTenantID             string `json:"iaasTenantId"`
	RegionCode               string `json:"regionCode"`
	ResourceID               string `json:"resourceId"`
	ResourceName             string `json:"resourceName"`
	ResourceTypeCode         string `json:"resourceTypeCode"`
	ResourceCreationTypeCode string `json:"resourceCreationTypeCode"`
	ResourceStatusCode       string `json:"resourceStatusCode"`
	Description              string `json:"description"`
	CloudResourceName        string `json:"cloudResourceName"`
	CreateDatetime           string `json:"createDatetime"`
	RegDatetime              string `json:"regDatetime"`
	ModDatetime              string `json:"modDatetime"`
	DelDatetime              string `json:"delDatetime"`
}

// EventUser is who caused an event.
type EventUser struct {
	UserIDNo  string `json:"userIdNo"`
	UserID    string `json:"userId"`
	UserIP    string `json:"userIp"`
	UserAgent string `json:"userAgent"`
}

// TargetMember is a member an event was about.
type TargetMember struct {
	IDNo         string `json:"idNo"`
	Name         string `json:"name"`
	UserCode     string `json:"userCode"`
	EmailAddress string `json:"emailAddress"`
}

// EventTarget lists the members an event was about.
type EventTarget struct {
	TargetMembers []TargetMember `json:"targetMembers"`
}

// HistoryEvent is the event that triggered a delivery.
type HistoryEvent struct {
	AppKey          string       `json:"appKey"`
	AlarmID         string       `json:"alarmId"`
	EventID         string       `json:"eventId"`
	EventSourceType string       `json:"eventSourceType"`
	EventUser       *EventUser   `json:"eventUser,omitempty"`
	EventTarget     *EventTarget `json:"eventTarget,omitempty"`
	EventDatetime   string       `json:"eventDatetime"`
	RegDatetime     string       `json:"regDatetime"`
}

// AlarmHistory is one delivery record.
type AlarmHistory struct {
	AlarmHistoryID string `json:"alarmHistoryId"`
	// AlarmHistoriesID is the spelling the list answer is documented with;
	// the client copies it into AlarmHistoryID when only it is present.
	AlarmHistoriesID        string           `json:"alarmHistoriesId,omitempty"`
	AlarmSendResultTypeCode string           `json:"alarmSendResultTypeCode"`
	Resource                *HistoryResource `json:"resource,omitempty"`
	Event                   *HistoryEvent    `json:"event,omitempty"`
}

// AlarmHistoryDetail is the answer of the one-record history call.
type AlarmHistoryDetail struct {
	Alarm        HistoryAlarm `json:"alarm"`
	AlarmHistory AlarmHistory `json:"alarmHistory"`
	AlarmRule    AlarmRule    `json:"alarmRule"`
	ProjectName  string       `json:"projectName"`
}

// HistoryFilter are the query filters of the history list.
type HistoryFilter struct {
	ResourceKeys             []string
	ResourceNameAnyLike      string
	EventIDs                 []string
	EventSourceTypes         []string
	ProjectIDs               []string
	ProductIDs               []string
	AlarmSendResultTypeCodes []string
	RegDateFrom              string
	RegDateTo                string
}

// HistoryPage is one page of the history list.
type HistoryPage struct {
	AlarmHistories []AlarmHistory `json:"alarmHistories"`
	TotalItems     int64          `json:"totalItems"`
}

// CatalogueEvent is one entry of the event catalogue.
type CatalogueEvent struct {
	EventID     string `json:"eventId"`
	ProductID   string `json:"productId"`
	ProductName string `json:"productName"`
}

// EventFilter are the query filters of the event catalogue. Lang is the
// `lang` header (ko, en, ja, zh; empty = server default ko).
type EventFilter struct {
	ProductIDs      []string
	ProductNameLike string
	EventNameLike   string
	Lang            string
}

// EventPage is one page of the event catalogue.
type EventPage struct {
	Events     []CatalogueEvent `json:"events"`
	TotalItems int64            `json:"totalItems"`
}
