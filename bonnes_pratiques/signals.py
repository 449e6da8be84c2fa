def notify_submitter_on_publish(sender, instance, **kwargs):
    """A Bonne pratique page went live: if it came from a submission, open its files and tell the submitter.

    Runs inside the publishing transaction, so the outbox row commits (or not) with the publication.
    """
    from .models import BonnePratiquePage
    from .services import on_page_published

    if isinstance(instance, BonnePratiquePage):
        on_page_published(instance)
