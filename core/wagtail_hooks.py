from wagtail.permissions import register_permission_policy

from .models import OutgoingEmail
from .outbox_admin import OutboxPermissionPolicy

register_permission_policy(OutgoingEmail, OutboxPermissionPolicy(OutgoingEmail))
