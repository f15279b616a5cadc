package resourcewatcherfake

import "time"

// Wire types of the fake. They are written from the API guide on their own
// (not shared with the client), so client tests check the client against
// the guide rather than against itself.

type header struct {
	IsSuccessful  bool   `json:"isSuccessful"`
	ResultCode    int    `json:"resultCode"`
	ResultMessage string `json:"resultMessage"`
}

type wireAlarmInput struct {
	AlarmName   *string `json:"alarmName"`
	Description *string `json:"description"`
}

type wireTarget struct {
	AlarmTargetTypeCode string `json:"alarmTargetTypeCode"`
	AlarmTarget         string `json:"alarmTarget"`
	EmailAlarm          string `json:"emailAlarm"`
	SMSAlarm            string `json:"smsAlarm"`
	WebhookURL          string `json:"webhookUrl"`
	WebhookSecret       string `json:"webhookSecret"`
}

type wireEvent struct {
	ProductID string `json:"productId"`
	EventID   string `json:"eventId"`
}

type wireTargetInput struct {
	ResourceGroupIDs []string `json:"resourceGroupIds"`
	ResourceTagIDs   []int64  `json:"resourceTagIds"`
}

type wireAlarmRequest struct {
	Alarm        *wireAlarmInput  `json:"alarm"`
	AlarmTargets []wireTarget     `json:"alarmTargets"`
	Events       []wireEvent      `json:"events"`
	Target       *wireTargetInput `json:"target"`
}

type wireRule struct {
	AlarmRuleID          string   `json:"alarmRuleId"`
	AlarmRuleName        string   `json:"alarmRuleName"`
	AlarmRuleDescription string   `json:"alarmRuleDescription"`
	AlarmRuleStatusCode  string   `json:"alarmRuleStatusCode"`
	ResourceTypes        []string `json:"resourceTypes"`
}

type wireAlarm struct {
	AlarmID         string   `json:"alarmId"`
	AlarmName       string   `json:"alarmName"`
	AlarmRule       wireRule `json:"alarmRule"`
	AlarmStatusCode string   `json:"alarmStatusCode"`
	AppKey          string   `json:"appKey"`
	CabAlarmKey     string   `json:"cabAlarmKey"`
	DelDatetime     *string  `json:"delDatetime"`
	Description     string   `json:"description"`
	ModDatetime     string   `json:"modDatetime"`
	OperatorUUID    string   `json:"operatorUuid"`
	RegDatetime     string   `json:"regDatetime"`
}

// MemberProfile is an organisation member a UUID target resolves to.
type MemberProfile struct {
	UUID            string `json:"uuid"`
	MemberType      string `json:"memberType"`
	Name            string `json:"name"`
	CorporationName string `json:"corporationName"`
	Email           string `json:"email"`
	UserID          string `json:"userId"`
}

// Role is a role a ROLE target resolves to.
type Role struct {
	Type        string `json:"type"`
	RoleID      string `json:"roleId"`
	RoleName    string `json:"roleName"`
	Description string `json:"description"`
}

// AlarmKey is a notification group an ALARM_KEY target resolves to.
type AlarmKey struct {
	AlarmKey       string `json:"alarmKey"`
	AlarmGroupName string `json:"alarmGroupName"`
	AlarmGroupDesc string `json:"alarmGroupDesc"`
}

type wireGroup struct {
	ResourceGroupID   string `json:"resourceGroupId"`
	ResourceGroupName string `json:"resourceGroupName"`
}

type wireTag struct {
	TagID   int64  `json:"tagId"`
	TagName string `json:"tagName"`
}

type wireTargetOutput struct {
	ResourceGroups []wireGroup `json:"resourceGroups"`
	ResourceTags   []wireTag   `json:"resourceTags"`
}

type wireEventAlarm struct {
	Header                    header            `json:"header"`
	Alarm                     wireAlarm         `json:"alarm"`
	AlarmTargetAlarmKeys      []AlarmKey        `json:"alarmTargetAlarmKeys"`
	AlarmTargetMemberProfiles []MemberProfile   `json:"alarmTargetMemberProfiles"`
	AlarmTargetRoles          []Role            `json:"alarmTargetRoles"`
	AlarmTargets              []wireTarget      `json:"alarmTargets"`
	Events                    []wireEvent       `json:"events"`
	Target                    *wireTargetOutput `json:"target"`
}

type wireSearch struct {
	AlarmIDs           []string `json:"alarmIds"`
	AlarmNameAnyLike   string   `json:"alarmNameAnyLike"`
	AlarmRuleIDs       []string `json:"alarmRuleIds"`
	AlarmStatusCodes   []string `json:"alarmStatusCodes"`
	DescriptionAnyLike string   `json:"descriptionAnyLike"`
	ModDateFrom        string   `json:"modDateFrom"`
	ModDateTo          string   `json:"modDateTo"`
	OperatorUUIDs      []string `json:"operatorUuids"`
	ResourceGroupIDs   []string `json:"resourceGroupIds"`
}

// CatalogueEvent is one entry of the event catalogue in one language.
type CatalogueEvent struct {
	// Lang is ko, en, ja or zh; empty means ko.
	Lang        string
	ProductID   string
	ProductName string
	EventID     string
	// EventName is what eventNameLike matches; the guide's answer does not
	// carry it.
	EventName string
}

// History is one delivery record of an alarm, seeded by tests.
type History struct {
	// ID is generated when empty.
	ID string
	// SendResult is SUCCESS, FAILURE or SENDING.
	SendResult string

	ResourceKey      string
	ResourceID       string
	ResourceName     string
	ResourceTypeCode string
	ProductID        string
	ProjectID        string
	ProjectName      string
	RegionCode       string

	EventID         string
	EventSourceType string
	UserID          string
	UserIDNo        string
	UserIP          string

	EventTime time.Time
	// Registered is when the record was written; defaults to the fake's now.
	Registered time.Time
}
