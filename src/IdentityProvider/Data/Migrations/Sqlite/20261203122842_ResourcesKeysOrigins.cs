using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResourcesKeysOrigins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsedClientAssertions",
                columns: table => new
                {
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    JwtId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedClientAssertions", x => new { x.ClientId, x.JwtId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsedClientAssertions_ExpiresAt",
                table: "UsedClientAssertions",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsedClientAssertions");
        }
    }
}
