// response_mode=form_post: hands the authorization response to the application at once. A file of our own origin,
// because the Content-Security-Policy forbids inline script; without script the page's button does the same.
document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("form-post");
    if (form) {
        form.submit();
    }
});
