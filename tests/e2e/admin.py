"""What the journeys do in the Wagtail admin, as people do it in Chromium: log in, run the Relecture workflow."""

import re

from playwright.sync_api import expect

PASSWORD = "motdepasse-de-test"
# Two cores shared with other jobs: an admin save can take more than expect's 5 s default.
expect.set_options(timeout=20_000)


def member_of(group_name, username):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@anap.fr", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(browser, live_server, username):
    """A new browser context, logged in through the admin's login form; returns its page."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="S'identifier")).to_be_visible()
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_title(re.compile("Tableau de bord"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Centre de ressources de l'Anap")
    return page


def choose_in_action_menu(page, name):
    """The editor's footer: open "Plus d'actions" and click one of its buttons."""
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name=name, exact=True).click()


def wait_for_autosave(page):
    """Wagtail 8 autosaves the editor's form 0.5 s after each change, and its first autosave creates
    the page. A submit racing that request posts the create form again: Wagtail answers 500
    (slug already in use). So wait for the header's "Enregistré", as a careful person would."""
    indicator = page.locator("#w-autosave-indicator")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    page.wait_for_timeout(1000)  # a save still waiting for its 0.5 s interval
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")


def submit_to_relecture(page, after_changes=True):
    if after_changes:
        wait_for_autosave(page)
    choose_in_action_menu(page, "Soumettre à Relecture")
    expect(page.locator(".messages")).to_contain_text("a été soumise pour modération")


def approve(page, edit_url, comment="Validé."):
    """A moderator approves the page's Relecture task from its edit view, with a comment."""
    page.goto(edit_url)
    choose_in_action_menu(page, "Approuver avec un commentaire et Publier")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Approuver avec un commentaire")).to_be_visible()
    dialog.get_by_label("Commenter").fill(comment)
    dialog.get_by_role("button", name="Approuver avec un commentaire").click()
