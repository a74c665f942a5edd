using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Consent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FirstParty",
                table: "Fachanwendungen",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstParty",
                table: "Fachanwendungen");
        }
    }
}
