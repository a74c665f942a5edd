using System.ComponentModel.DataAnnotations;

namespace MeineIhk.IdentityProvider.Features.Accounts.Login;

public sealed class InputModel
{
    [Required(ErrorMessage = "Login.UsernameRequired")]
    [StringLength(256, ErrorMessage = "Login.UsernameTooLong")]
    [Display(Name = "Login.Username")]
    public string Username { get; set; } = string.Empty;

    [Required(ErrorMessage = "Login.PasswordRequired")]
    [StringLength(1024, ErrorMessage = "Login.PasswordTooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Login.Password")]
    public string Password { get; set; } = string.Empty;

    [Display(Name = "Login.RememberUsername")]
    public bool RememberUsername { get; set; }
}
