using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Issue4OrganisationIdentnummerLive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organisations_ChamberId_Identnummer",
                table: "Organisations");

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_ChamberId_Identnummer",
                table: "Organisations",
                columns: new[] { "ChamberId", "Identnummer" },
                unique: true,
                filter: "\"Identnummer\" IS NOT NULL AND \"Status\" IN ('Approved', 'Active')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organisations_ChamberId_Identnummer",
                table: "Organisations");

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_ChamberId_Identnummer",
                table: "Organisations",
                columns: new[] { "ChamberId", "Identnummer" },
                unique: true);
        }
    }
}
