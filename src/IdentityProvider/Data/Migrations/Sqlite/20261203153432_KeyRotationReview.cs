using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MeineIhk.IdentityProvider.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeyRotationReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ActiveFrom",
                table: "ServerKeys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Succeeds",
                table: "ServerKeys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WithdrawnAt",
                table: "ServerKeys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServerKeys_Succeeds",
                table: "ServerKeys",
                column: "Succeeds",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ServerKeys_Succeeds",
                table: "ServerKeys");

            migrationBuilder.DropColumn(
                name: "ActiveFrom",
                table: "ServerKeys");

            migrationBuilder.DropColumn(
                name: "Succeeds",
                table: "ServerKeys");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "ServerKeys");
        }
    }
}
