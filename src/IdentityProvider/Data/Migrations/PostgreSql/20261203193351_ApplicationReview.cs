using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ApplicationReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PendingChange",
                table: "Fachanwendungen",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PendingChangeRequestedAt",
                table: "Fachanwendungen",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingChangeRequestedBy",
                table: "Fachanwendungen",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PendingChange",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "PendingChangeRequestedAt",
                table: "Fachanwendungen");

            migrationBuilder.DropColumn(
                name: "PendingChangeRequestedBy",
                table: "Fachanwendungen");
        }
    }
}
