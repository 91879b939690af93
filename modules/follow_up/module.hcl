module "follow_up" {
  title_ar    = "متابعة الطلبات والشكاوى"
  title_en    = "Follow-up"
  description = "Tracks every request and complaint to its end: cases, who holds them, each status change signed by the staff member, SLA due dates, and SMS notifications to the citizen."
  requires    = ["complaints"]

  setting "sms_sender" {
    type        = string
    description = "The sender name on follow-up SMS."
    validation {
      condition     = can(regex("^[A-Za-z0-9]{3,11}$", value))
      error_message = "An SMS sender name is 3 to 11 Latin letters or digits."
    }
  }

  setting "sms_api_key" {
    type        = string
    sensitive   = true
    description = "The key for the government SMS gateway; read from the environment with env()."
  }

  setting "escalation_hours" {
    type        = number
    default     = 48
    description = "Hours past the SLA due date after which a case is escalated to the department head."
    validation {
      condition     = value >= 1 && value <= 720
      error_message = "Escalation comes 1 to 720 hours after the due date."
    }
  }

  setting "notify_citizen" {
    type        = bool
    default     = true
    description = "Send the citizen an SMS at each status change."
  }

  setting "signature_required" {
    type        = bool
    default     = true
    description = "Closing a case needs the staff member's digital signature."
  }

  check "statuses_seeded" {
    description = "Every case status has Arabic and English labels."
    sql         = "SELECT count(*) = 6 FROM case_statuses WHERE label_ar <> '' AND label_en <> ''"
  }

  check "history_consistent" {
    description = "Each case's current status is the last one in its history."
    sql         = "SELECT NOT EXISTS (SELECT 1 FROM cases c WHERE c.status <> coalesce((SELECT h.to_status FROM case_status_history h WHERE h.case_id = c.id ORDER BY h.changed_at DESC, h.id DESC LIMIT 1), c.status))"
  }

  check "notifications_queue" {
    description = "The SMS notification queue exists."
    min_version = 2
    sql         = "SELECT to_regclass('notifications') IS NOT NULL"
  }
}
