using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace MeineIhk.IdentityProvider.Hosting;

/// <summary>The framework's own validation messages ("The value '' is invalid."), in the user's language.</summary>
internal sealed class ModelBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var t = factory.Create(typeof(SharedResource));
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => t["Validation.ValueInvalidForField", value, field]);
        messages.SetMissingBindRequiredValueAccessor(field => t["Validation.Required", field]);
        messages.SetMissingKeyOrValueAccessor(() => t["Validation.RequiredNoField"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => t["Validation.RequiredNoField"]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => t["Validation.ValueInvalid", value]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["Validation.UnknownValueInvalid"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => t["Validation.MustBeNumber"]);
        messages.SetUnknownValueIsInvalidAccessor(field => t["Validation.UnknownValueInvalidForField", field]);
        messages.SetValueIsInvalidAccessor(value => t["Validation.ValueInvalid", value]);
        messages.SetValueMustBeANumberAccessor(field => t["Validation.MustBeNumberForField", field]);
        messages.SetValueMustNotBeNullAccessor(value => t["Validation.ValueMustNotBeNull", value]);
    }
}
