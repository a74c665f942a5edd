// Passkeys (WebAuthn): forms marked data-passkey="create" or "get" ask the server for the ceremony's options, let the
// browser's authenticator answer and post its credential (JSON) with the form. A file of our own origin, because the
// Content-Security-Policy forbids inline script. Without WebAuthn the form shows its error text instead.
(function () {
    "use strict";

    function field(form, name) {
        return form.querySelector('input[name="' + name + '"]');
    }

    async function options(form) {
        var body = new URLSearchParams();
        body.append("__RequestVerificationToken", field(form, "__RequestVerificationToken").value);
        var response = await fetch(form.dataset.optionsUrl, { method: "POST", body: body, credentials: "same-origin" });
        if (!response.ok) {
            throw new Error("options " + response.status);
        }
        return await response.json();
    }

    async function credential(form) {
        var json = await options(form);
        if (form.dataset.passkey === "create") {
            return await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) });
        }
        return await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
    }

    function showError(form) {
        var error = form.querySelector(".passkey-error");
        if (error) {
            error.textContent = form.dataset.error || "";
            error.hidden = false;
        }
    }

    document.querySelectorAll("form[data-passkey]").forEach(function (form) {
        form.addEventListener("submit", async function (event) {
            if (field(form, "CredentialJson").value) {
                return; // the credential is in: let the form go
            }
            event.preventDefault();
            try {
                if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
                    throw new Error("WebAuthn unavailable");
                }
                var result = await credential(form);
                field(form, "CredentialJson").value = JSON.stringify(result);
                form.submit();
            } catch (e) {
                showError(form);
            }
        });
    });
})();

// "Drucken" for the recovery codes.
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
});
